package org.tsunagu.portal.internal;

import java.text.Normalizer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.tsunagu.platform.TsunaguProperties;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Acting for someone else, in the account: who may act for the resident and for whom the resident may act, each
 * mandate ended or stepped down from with a form post; a mandate drafted from a form (the proxy named by their
 * individual number and date of birth), then signed with the card in the wallet, since the page cannot reach the
 * card's keys. The proxy's individual number goes only into the API call's body: it is never in an address, never
 * kept, and never written back into a page.
 */
@Controller
class AccountDelegationsController {

	private final AccountController accounts;

	private final JsonMapper json;

	private final PageSupport pages;

	private final TsunaguProperties properties;

	private final Clock clock;

	AccountDelegationsController(AccountController accounts, JsonMapper json, PageSupport pages, TsunaguProperties properties,
			Clock clock) {
		this.accounts = accounts;
		this.json = json;
		this.pages = pages;
		this.properties = properties;
		this.clock = clock;
	}

	@GetMapping("/account/delegations")
	String delegations(HttpServletRequest request, Model model) {
		Map<String, Object> mine = mine(request);
		List<Map<String, Object>> forMe = list(mine.get("forMe"));
		model.addAttribute("awaiting", forMe.stream().filter((d) -> "awaiting-signature".equals(d.get("status"))).toList());
		model.addAttribute("forMe", forMe.stream().filter((d) -> !"awaiting-signature".equals(d.get("status"))).toList());
		model.addAttribute("byMe", list(mine.get("byMe")));
		model.addAttribute("alongside", list(mine.get("alongsideMe")));
		model.addAttribute("today", this.properties.today(this.clock).toString());
		return "account/delegations";
	}

	/** Withdraws a mandate the resident gave, or steps down from one they hold; the API says which, and refuses the rest. */
	@PostMapping("/account/delegations/{id}/end")
	String end(HttpServletRequest request, @PathVariable String id) {
		ApiAnswer answer = this.accounts.call(request, "POST", "/api/v1/me/delegations/" + PageSupport.id(id) + "/end");
		String outcome = answer.ok() ? "done=ended" : switch (answer.status()) {
			case 403 -> "refused=law";
			case 409 -> "refused=ended";
			default -> "refused=gone";
		};
		return "redirect:/account/delegations?" + outcome;
	}

	@GetMapping("/account/delegations/mandate")
	String mandate(HttpServletRequest request, Model model) {
		return form(request, MandateInput.EMPTY, List.of(), model);
	}

	@PostMapping("/account/delegations/mandate")
	String draft(HttpServletRequest request, HttpServletResponse response, @RequestParam MultiValueMap<String, String> sent,
			Model model) {
		MandateInput input = MandateInput.of(sent);
		ApiAnswer answer = this.accounts.call(request, "POST", "/api/v1/me/mandates", body(input).toString());
		if (answer.ok()) {
			return "redirect:/account/delegations/mandate/" + answer.body().path("id").asString();
		}
		if (answer.status() >= 500) {
			answer.required();
		}
		response.setStatus(answer.status() == 409 ? 409 : 400);
		return form(request, input, MandateProblems.of(answer.body(), input), model);
	}

	/** A drafted mandate: what it says, and the wallet's command that signs it with the card. */
	@GetMapping("/account/delegations/mandate/{id}")
	String drafted(HttpServletRequest request, @PathVariable String id, Model model) {
		Map<String, Object> mandate = list(mine(request).get("forMe")).stream()
			.filter((d) -> id.equals(d.get("id")) && "mandate".equals(d.get("kind")))
			.findFirst()
			.orElseThrow(AccountException.NotFound::new);
		model.addAttribute("mandate", mandate);
		model.addAttribute("today", this.properties.today(this.clock).toString());
		return "account/mandate-sign";
	}

	private String form(HttpServletRequest request, MandateInput input, List<MandateProblems.Problem> problems, Model model) {
		List<Map<String, Object>> services = list(mine(request).get("services"));
		Set<Object> offered = new LinkedHashSet<>();
		services.forEach((s) -> offered.addAll(s.get("scopes") instanceof List<?> scopes ? scopes : List.of()));
		List<String> claims = ConsoleForms.CLAIMS.stream().filter((c) -> offered.isEmpty() || offered.contains(c)).toList();
		model.addAttribute("services", services);
		model.addAttribute("claims", claims);
		model.addAttribute("input", input.kept());
		model.addAttribute("problems", problems);
		Map<String, MandateProblems.Problem> byField = new LinkedHashMap<>();
		problems.stream().filter((p) -> p.field() != null).forEach((p) -> byField.putIfAbsent(p.field(), p));
		model.addAttribute("fieldErrors", byField);
		return "account/mandate";
	}

	/** The API's body: what was filled in, the rest left out, so that the API's own rules say what is missing. */
	private ObjectNode body(MandateInput input) {
		ObjectNode body = this.json.createObjectNode();
		if (!input.number().isEmpty() || input.birthDate() != null) {
			ObjectNode proxy = body.putObject("proxy");
			if (!input.number().isEmpty()) {
				proxy.put("individualNumber", input.number());
			}
			if (input.birthDate() != null) {
				proxy.put("birthDate", input.birthDate());
			}
		}
		if (!input.services().isEmpty()) {
			input.services().forEach(body.putArray("services")::add);
		}
		if (!input.claims().isEmpty()) {
			input.claims().forEach(body.putArray("claims")::add);
		}
		if (input.validUntil() != null) {
			body.put("validUntil", input.validUntil());
		}
		return body;
	}

	private Map<String, Object> mine(HttpServletRequest request) {
		return this.pages.map(this.accounts.call(request, "GET", "/api/v1/me/delegations").required());
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> list(Object value) {
		List<Map<String, Object>> items = new ArrayList<>();
		if (value instanceof List<?> list) {
			list.stream().filter(Map.class::isInstance).forEach((item) -> items.add((Map<String, Object>) item));
		}
		return items;
	}

	/**
	 * What the mandate form sent, each value cut to a sane length and read as a person types it (full-width digits,
	 * spaces and hyphens in the number). The proxy's individual number is kept only to send it on.
	 */
	record MandateInput(String number, String birthDay, String birthMonth, String birthYear, List<String> services,
			List<String> claims, String untilDay, String untilMonth, String untilYear) {

		static final MandateInput EMPTY = new MandateInput("", "", "", "", List.of(), List.of(), "", "", "");

		static MandateInput of(MultiValueMap<String, String> sent) {
			return new MandateInput(one(sent, "proxyNumber").replaceAll("[\\s-]", ""), one(sent, "birthDay"),
					one(sent, "birthMonth"), one(sent, "birthYear"), many(sent, "services"), many(sent, "claims"),
					one(sent, "untilDay"), one(sent, "untilMonth"), one(sent, "untilYear"));
		}

		/** The proxy's date of birth as the API takes it, or {@code null} when none was given. */
		String birthDate() {
			return date(this.birthYear, this.birthMonth, this.birthDay);
		}

		String validUntil() {
			return date(this.untilYear, this.untilMonth, this.untilDay);
		}

		boolean birthGiven() {
			return birthDate() != null;
		}

		/** Everything the page may show again: all but the number. */
		Map<String, Object> kept() {
			return Map.of("birthDay", this.birthDay, "birthMonth", this.birthMonth, "birthYear", this.birthYear, "services",
					this.services, "claims", this.claims, "untilDay", this.untilDay, "untilMonth", this.untilMonth,
					"untilYear", this.untilYear);
		}

		@Override
		public String toString() {
			return "MandateInput[redacted]";
		}

		private static String date(String year, String month, String day) {
			if (year.isEmpty() && month.isEmpty() && day.isEmpty()) {
				return null;
			}
			return year + "-" + two(month) + "-" + two(day);
		}

		private static String two(String part) {
			return part.length() == 1 ? "0" + part : part;
		}

		private static String one(MultiValueMap<String, String> sent, String name) {
			String value = sent.getFirst(name);
			return value == null ? "" : typed(value);
		}

		private static List<String> many(MultiValueMap<String, String> sent, String name) {
			List<String> values = sent.get(name);
			return values == null ? List.of()
					: values.stream().limit(50).map(MandateInput::typed).filter((v) -> !v.isEmpty()).distinct().toList();
		}

		private static String typed(String value) {
			String bounded = value.length() > 200 ? value.substring(0, 200) : value;
			return Normalizer.normalize(bounded, Normalizer.Form.NFKC).strip();
		}

	}

}
