package org.tsunagu.portal.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.servlet.support.RequestContextUtils;

/**
 * A console form as a page and as a call: shown empty or with what was sent; sent, its values become the call's
 * JSON body and go to the operator API, whose answer decides. A refusal comes back as the Design System's error
 * summary with each message by the field its JSON pointer names, the input kept and nothing written; a success goes
 * where the task leads (the resident's page, a list, or a page showing what was made).
 */
@Component
class ConsoleFormPages {

	private final ConsoleOperators operators;

	private final JsonMapper json;

	private final PageSupport pages;

	ConsoleFormPages(ConsoleOperators operators, JsonMapper json, PageSupport pages) {
		this.operators = operators;
		this.json = json;
		this.pages = pages;
	}

	/** The form, empty but for its defaults; {@code resident} is the page's resident for a resident's task. */
	String show(HttpServletRequest request, ConsoleForms.Form form, String resident, Model model) {
		return show(request, form, resident, Map.of(), List.of(), model);
	}

	/** Sends the form's values to its API call: what the task leads to, or the form again with the problems. */
	String submit(HttpServletRequest request, HttpServletResponse response, ConsoleForms.Form form, String resident,
			MultiValueMap<String, String> submitted, Model model) {
		ConsoleSession operator = this.operators.require(request, form.role());
		Map<String, List<String>> values = new LinkedHashMap<>();
		form.fields().forEach((f) -> {
			List<String> given = submitted.get(f.name());
			if (f.type() == ConsoleForms.Type.RESIDENT && resident != null) {
				// the page's address names the resident: never what the form sent
				values.put(f.name(), List.of(resident));
			}
			else if (given != null && f.type() != ConsoleForms.Type.RESIDENT) {
				values.put(f.name(), given.stream().map(ConsoleFormPages::bounded).toList());
			}
		});
		List<ConsoleForms.Invalid> invalid = new ArrayList<>();
		ObjectNode body = ConsoleForms.body(form, values, this.json, invalid);
		if (!invalid.isEmpty()) {
			response.setStatus(400);
			return show(request, form, resident, values, invalid, model);
		}
		String path = resident == null ? form.api() : form.api().replace("{id}", resident);
		ApiAnswer answer = this.operators.api(request, operator, form.method(), path, body.toString());
		if (answer.ok()) {
			return done(form, resident, answer.body(), operator, model);
		}
		response.setStatus(answer.status() == 409 ? 409 : 400);
		List<ConsoleForms.Invalid> problems = ConsoleForms.problems(answer.body());
		if ("possible-duplicate".equals(answer.body().path("type").asString("").replaceAll(".*[/:]", ""))) {
			problems = List.of(new ConsoleForms.Invalid("/confirmDifferentPerson", "console.duplicate"));
			model.addAttribute("existing", answer.body().path("existingResidentId").asString(null));
		}
		return show(request, form, resident, values, problems, model);
	}

	private String show(HttpServletRequest request, ConsoleForms.Form form, String resident,
			Map<String, List<String>> values, List<ConsoleForms.Invalid> errors, Model model) {
		ConsoleSession operator = this.operators.require(request, form.role());
		model.addAttribute("operator", operator);
		model.addAttribute("form", form);
		model.addAttribute("resident", resident);
		model.addAttribute("action", resident == null ? "/console/" + form.id() : "/console/residents/" + resident + "/" + form.id());
		Map<String, List<String>> shown = new LinkedHashMap<>(values);
		ConsoleForms.DEFAULTS.getOrDefault(form.id(), Map.of()).forEach((name, value) -> shown.putIfAbsent(name, List.of(value)));
		model.addAttribute("values", shown);
		model.addAttribute("errors", errors);
		model.addAttribute("fieldErrors", fieldErrors(form, errors));
		model.addAttribute("summary", errors.stream().map((e) -> {
			Optional<ConsoleForms.Field> field = field(form, e);
			return new SummaryItem(field.map(ConsoleForms.Field::id).orElse(null), field.map(ConsoleForms.Field::name).orElse(null),
					e.detail());
		}).toList());
		model.addAttribute("options", options(request, operator, form));
		boolean duplicate = errors.stream().anyMatch((e) -> e.pointer().equals("/confirmDifferentPerson"));
		model.addAttribute("showConfirm", duplicate || values.containsKey("confirmDifferentPerson"));
		return "console/form";
	}

	private String done(ConsoleForms.Form form, String resident, JsonNode answer, ConsoleSession operator, Model model) {
		switch (form.id()) {
			case "find":
				return "redirect:/console/residents/" + answer.path("id").asString();
			case "event":
			case "card":
			case "representation":
			case "protection-order":
				return "redirect:/console/residents/" + resident + "?done=" + form.id();
			case "rule":
				return "redirect:/console/rules?done=added";
			default:
				model.addAttribute("operator", operator);
				model.addAttribute("form", form.id());
				model.addAttribute("answer", this.pages.map(answer));
				model.addAttribute("back", form.id().equals("enrol") ? "/console/residents/" + answer.path("id").asString() : "/console");
				return "console/done";
		}
	}

	/** Options of the fields whose choices come from the platform: the agencies of a rule. */
	private Map<String, List<Map<String, String>>> options(HttpServletRequest request, ConsoleSession operator,
			ConsoleForms.Form form) {
		Map<String, List<Map<String, String>>> options = new LinkedHashMap<>();
		if (form.id().equals("rule")) {
			List<Map<String, String>> agencies = agencyNames(request, operator).entrySet()
				.stream()
				.map((e) -> Map.of("value", e.getKey(), "label", e.getValue()))
				.toList();
			options.put("requester", agencies);
			options.put("provider", agencies);
		}
		return options;
	}

	/** The agencies by client id, named in the page's language (none without {@code oidc:admin}). */
	Map<String, String> agencyNames(HttpServletRequest request, ConsoleSession operator) {
		Map<String, String> names = new LinkedHashMap<>();
		if (!operator.may("oidc:admin")) {
			return names;
		}
		boolean ja = RequestContextUtils.getLocale(request).getLanguage().equals(Locale.JAPANESE.getLanguage());
		for (JsonNode o : this.operators.api(request, operator, "GET", "/api/v1/organisations", null).required()) {
			if ("agency".equals(o.path("kind").asString())) {
				names.put(o.path("id").asString(), o.path("name").path(ja ? "ja" : "en").asString());
			}
		}
		return names;
	}

	/** One line of the error summary: the field it links to (none for a problem of the whole form). */
	public record SummaryItem(String anchor, String field, String detail) {
	}

	/** The field a problem names; none for the whole form, or for a field the form does not show. */
	private static Optional<ConsoleForms.Field> field(ConsoleForms.Form form, ConsoleForms.Invalid error) {
		return form.fields()
			.stream()
			.filter((f) -> f.type() != ConsoleForms.Type.RESIDENT && f.names(error.pointer()))
			.findFirst();
	}

	private static Map<String, String> fieldErrors(ConsoleForms.Form form, List<ConsoleForms.Invalid> errors) {
		Map<String, String> byField = new LinkedHashMap<>();
		for (ConsoleForms.Invalid e : errors) {
			field(form, e).ifPresent((f) -> byField.putIfAbsent(f.name(), e.detail()));
		}
		return byField;
	}

	/** Overlong input is cut before it goes anywhere; the API then says what is wrong with what is left. */
	private static String bounded(String value) {
		return value.length() > 20_000 ? value.substring(0, 20_000) : value;
	}

}
