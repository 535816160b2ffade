package org.tsunagu.portal.internal;

import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * A resident's delegations in the console ({@code registry:write}): one ended on a court's order, from the
 * resident's page, which lists who may act for the person and for whom the person may act. Recording a legal
 * representation or a protection order are the resident's console forms ({@link ConsoleForms}).
 */
@Controller
class ConsoleDelegationsController {

	private final ConsoleOperators operators;

	private final JsonMapper json;

	ConsoleDelegationsController(ConsoleOperators operators, JsonMapper json) {
		this.operators = operators;
		this.json = json;
	}

	/** Ends a delegation of the resident the page's address names, on a court's order; the API logs it. */
	@PostMapping("/console/residents/{id}/delegations/{delegation}/end")
	String end(HttpServletRequest request, @PathVariable String id, @PathVariable String delegation) {
		ConsoleSession operator = this.operators.require(request, "registry:write");
		String resident = PageSupport.id(id);
		String ended = PageSupport.id(delegation);
		JsonNode listed = this.operators.api(request, operator, "GET", "/api/v1/residents/" + resident + "/delegations", null)
			.required();
		if (!names(listed.path("forMe"), ended) && !names(listed.path("byMe"), ended)) {
			throw new AccountException.NotFound();
		}
		ApiAnswer answer = this.operators.api(request, operator, "POST", "/api/v1/delegations/" + ended + "/end",
				this.json.createObjectNode().put("reason", "court-order").toString());
		return "redirect:/console/residents/" + resident + "?" + (answer.ok() ? "done=delegation-ended" : "refused="
				+ answer.body().path("type").asString("").replaceAll(".*[/:]", "").replaceAll("[^a-z-]", ""));
	}

	/** Whether the list holds the delegation: the page's resident is one of its two people. */
	private static boolean names(JsonNode delegations, String id) {
		for (JsonNode delegation : delegations) {
			if (id.equals(delegation.path("id").asString())) {
				return true;
			}
		}
		return false;
	}

}
