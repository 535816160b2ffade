package org.tsunagu.portal.internal;

import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * A resident's cards in the console ({@code pki:issue}): the issued certificates for the card writer, a locked PIN's
 * reset code, the card suspended, reactivated or revoked. Each acts only on a card of the resident the page's
 * address names.
 */
@Controller
class ConsoleCardsController {

	private final ConsoleOperators operators;

	private final JsonMapper json;

	private final PageSupport pages;

	ConsoleCardsController(ConsoleOperators operators, JsonMapper json, PageSupport pages) {
		this.operators = operators;
		this.json = json;
		this.pages = pages;
	}

	/** The issued card as the API answers it, for the card writer: {@code tsunagu-wallet install} stores it. */
	@GetMapping("/console/residents/{id}/cards/{cardId}/download")
	ResponseEntity<String> download(HttpServletRequest request, @PathVariable String id, @PathVariable String cardId) {
		ConsoleSession operator = this.operators.require(request, "pki:issue");
		JsonNode card = cardOf(request, operator, PageSupport.id(id), cardId);
		return ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename("card.json").build().toString())
			.body(card.toPrettyString());
	}

	@PostMapping("/console/residents/{id}/cards/{cardId}/{action}")
	String cardAction(HttpServletRequest request, @PathVariable String id, @PathVariable String cardId,
			@PathVariable String action, @RequestParam(name = "reason", required = false) String reason,
			@RequestParam(name = "slot", required = false) String slot, Model model) {
		ConsoleSession operator = this.operators.require(request, "pki:issue");
		String resident = PageSupport.id(id);
		String card = cardOf(request, operator, resident, cardId).path("cardId").asString();
		ApiAnswer answer = switch (action) {
			case "revoke" -> this.operators.api(request, operator, "POST", "/api/v1/cards/" + card + "/revoke",
					this.json.createObjectNode().put("reason", reason == null ? "" : reason).toString());
			case "suspend", "reactivate" -> this.operators.api(request, operator, "POST", "/api/v1/cards/" + card + "/" + action, null);
			case "pin-reset" -> this.operators.api(request, operator, "POST", "/api/v1/cards/" + card + "/pin-reset",
					this.json.createObjectNode().put("slot", slot == null ? "" : slot).toString());
			default -> throw new AccountException.NotFound();
		};
		if (answer.ok() && action.equals("pin-reset")) {
			model.addAttribute("operator", operator);
			model.addAttribute("form", "pin-reset");
			model.addAttribute("answer", this.pages.map(answer.body()));
			model.addAttribute("back", "/console/residents/" + resident);
			return "console/done";
		}
		return "redirect:/console/residents/" + resident + "?" + (answer.ok() ? "done=" + action : "refused="
				+ answer.body().path("type").asString("").replaceAll(".*[/:]", "").replaceAll("[^a-z-]", ""));
	}

	/** The card, when it is the resident's (the page's address names both). */
	private JsonNode cardOf(HttpServletRequest request, ConsoleSession operator, String resident, String cardId) {
		JsonNode card = this.operators.api(request, operator, "GET", "/api/v1/cards/" + PageSupport.id(cardId), null).required();
		if (!resident.equals(card.path("residentId").asString())) {
			throw new AccountException.NotFound();
		}
		return card;
	}

}
