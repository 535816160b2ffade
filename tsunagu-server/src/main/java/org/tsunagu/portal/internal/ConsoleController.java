package org.tsunagu.portal.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.tsunagu.operator.OperatorCredentials;
import org.tsunagu.operator.OperatorRole;
import org.tsunagu.platform.TsunaguProperties;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.support.RequestContextUtils;

/**
 * The operator console at {@code /console}: sign-in with an operator credential (the same one the API takes, so
 * the console's roles are the credential's), then one page per operator task, each a form for one API call. The
 * API's answer decides: a refusal comes back as the Design System's error summary with the message beside each
 * field, the input kept and nothing written; a success shows what was made. Every change is logged by the API.
 */
@Controller
class ConsoleController {

	/** Console paths with a top-level form, and the form each shows. */
	private static final Set<String> TOP_FORMS = Set.of("enrol", "find", "relying-party", "organisation", "rule");

	private static final Set<String> RESIDENT_FORMS = Set.of("event", "card");

	private final OperatorCredentials credentials;

	private final AccountClient client;

	private final JsonMapper json;

	private final PageSupport pages;

	private final SignInAttempts attempts;

	private final TsunaguProperties properties;

	private final java.time.Clock clock;

	ConsoleController(OperatorCredentials credentials, AccountClient client, JsonMapper json,
			TsunaguProperties properties, java.time.Clock clock, PageSupport pages) {
		this.pages = pages;
		this.attempts = new SignInAttempts(clock);
		this.credentials = credentials;
		this.client = client;
		this.json = json;
		this.properties = properties;
		this.clock = clock;
	}

	@GetMapping("/console")
	String home(HttpServletRequest request, Model model) {
		Optional<ConsoleSession> session = session(request);
		if (session.isEmpty()) {
			model.addAttribute("errors", List.of());
			return "console/signin";
		}
		model.addAttribute("operator", session.get());
		return "console/home";
	}

	@PostMapping("/console/signin")
	String signIn(HttpServletRequest request, HttpServletResponse response,
			@RequestParam(name = "credential", required = false) String credential, Model model) {
		if (!this.attempts.allow(request.getRemoteAddr())) {
			response.setStatus(429);
			model.addAttribute("errors", List.of(new ConsoleForms.Invalid("/credential", "console.signin.later")));
			return "console/signin";
		}
		Optional<OperatorCredentials.Holder> holder = credential == null || credential.isBlank() ? Optional.empty()
				: this.credentials.authenticate(credential.strip());
		if (holder.isEmpty()) {
			this.attempts.refused(request.getRemoteAddr());
			response.setStatus(400);
			model.addAttribute("errors", List.of(new ConsoleForms.Invalid("/credential",
					credential == null || credential.isBlank() ? "console.signin.empty" : "console.signin.wrong")));
			return "console/signin";
		}
		this.attempts.succeeded(request.getRemoteAddr());
		request.changeSessionId();
		HttpSession session = request.getSession();
		session.setAttribute(ConsoleSession.ATTRIBUTE, new ConsoleSession(holder.get().name(),
				holder.get().roles().stream().map(OperatorRole::authority).collect(Collectors.toUnmodifiableSet()),
				credential.strip()));
		session.setMaxInactiveInterval(PageSupport.IDLE_MINUTES * 60);
		return "redirect:/console";
	}

	@PostMapping("/console/signout")
	String signOut(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		if (session != null) {
			// the whole session ends: the credential, the CSRF token, anything else it held
			session.invalidate();
		}
		return "redirect:/console?signedout";
	}

	@GetMapping("/console/{form}")
	String form(HttpServletRequest request, @PathVariable String form, Model model) {
		if (!TOP_FORMS.contains(form)) {
			return table(request, form, model);
		}
		return show(request, ConsoleForms.FORMS.get(form), null, Map.of(), List.of(), model);
	}

	@PostMapping("/console/{form}")
	String submit(HttpServletRequest request, HttpServletResponse response, @PathVariable String form,
			@RequestParam MultiValueMap<String, String> values, Model model) {
		if (!TOP_FORMS.contains(form)) {
			throw new AccountException.NotFound();
		}
		return call(request, response, ConsoleForms.FORMS.get(form), null, values, model);
	}

	@GetMapping("/console/residents/{id}")
	String resident(HttpServletRequest request, @PathVariable String id, Model model) {
		ConsoleSession operator = require(request, "registry:read");
		String resident = residentId(id);
		JsonNode record = api(request, operator, "GET", "/api/v1/residents/" + resident, null).required();
		model.addAttribute("operator", operator);
		Map<String, Object> shown = this.pages.map(record);
		model.addAttribute("resident", shown);
		model.addAttribute("address", AccountController.addressLine(shown.get("address")));
		model.addAttribute("history", this.pages.list(api(request, operator, "GET", "/api/v1/residents/" + resident + "/history", null)
			.required()
			.get("versions")).reversed());
		model.addAttribute("coverage", this.pages.map(api(request, operator, "GET", "/api/v1/residents/" + resident + "/coverage", null)
			.required()));
		model.addAttribute("cards", operator.may("pki:issue")
				? this.pages.list(api(request, operator, "GET", "/api/v1/residents/" + resident + "/cards", null).required().get("cards"))
				: List.of());
		return "console/resident";
	}

	@GetMapping("/console/residents/{id}/{form}")
	String residentForm(HttpServletRequest request, @PathVariable String id, @PathVariable String form, Model model) {
		if (!RESIDENT_FORMS.contains(form)) {
			throw new AccountException.NotFound();
		}
		return show(request, ConsoleForms.FORMS.get(form), residentId(id), Map.of(), List.of(), model);
	}

	@PostMapping("/console/residents/{id}/{form}")
	String residentSubmit(HttpServletRequest request, HttpServletResponse response, @PathVariable String id,
			@PathVariable String form, @RequestParam MultiValueMap<String, String> values, Model model) {
		if (!RESIDENT_FORMS.contains(form)) {
			throw new AccountException.NotFound();
		}
		return call(request, response, ConsoleForms.FORMS.get(form), residentId(id), values, model);
	}

	/** The issued card as the API answers it, for the card writer: {@code tsunagu-wallet install} stores it. */
	@GetMapping("/console/residents/{id}/cards/{cardId}/download")
	org.springframework.http.ResponseEntity<String> download(HttpServletRequest request, @PathVariable String id,
			@PathVariable String cardId) {
		ConsoleSession operator = require(request, "pki:issue");
		JsonNode card = cardOf(request, operator, residentId(id), cardId);
		return org.springframework.http.ResponseEntity.ok()
			.contentType(org.springframework.http.MediaType.APPLICATION_JSON)
			.header(org.springframework.http.HttpHeaders.CONTENT_DISPOSITION,
					org.springframework.http.ContentDisposition.attachment().filename("card.json").build().toString())
			.body(card.toPrettyString());
	}

	@PostMapping("/console/residents/{id}/cards/{cardId}/{action}")
	String cardAction(HttpServletRequest request, @PathVariable String id, @PathVariable String cardId,
			@PathVariable String action, @RequestParam(name = "reason", required = false) String reason,
			@RequestParam(name = "slot", required = false) String slot, Model model) {
		ConsoleSession operator = require(request, "pki:issue");
		String resident = residentId(id);
		String card = cardOf(request, operator, resident, cardId).path("cardId").asString();
		ApiAnswer answer = switch (action) {
			case "revoke" -> api(request, operator, "POST", "/api/v1/cards/" + card + "/revoke",
					this.json.createObjectNode().put("reason", reason == null ? "" : reason).toString());
			case "suspend", "reactivate" -> api(request, operator, "POST", "/api/v1/cards/" + card + "/" + action, null);
			case "pin-reset" -> api(request, operator, "POST", "/api/v1/cards/" + card + "/pin-reset",
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

	@PostMapping("/console/rules/{id}/end")
	String endRule(HttpServletRequest request, @PathVariable String id) {
		ConsoleSession operator = require(request, "exchange:admin");
		LocalDate today = this.properties.today(this.clock);
		ApiAnswer answer = api(request, operator, "PATCH", "/api/v1/exchange/rules/" + residentId(id),
				this.json.createObjectNode().put("validTo", today.toString()).toString());
		return "redirect:/console/rules?" + (answer.ok() ? "done=ended" : "refused=end");
	}

	private String table(HttpServletRequest request, String what, Model model) {
		String role = switch (what) {
			case "relying-parties", "organisations" -> "oidc:admin";
			case "rules" -> "exchange:admin";
			default -> throw new AccountException.NotFound();
		};
		ConsoleSession operator = require(request, role);
		String path = switch (what) {
			case "relying-parties" -> "/api/v1/relying-parties";
			case "organisations" -> "/api/v1/organisations";
			default -> "/api/v1/exchange/rules";
		};
		List<Map<String, Object>> rows = this.pages.list(api(request, operator, "GET", path, null).required());
		model.addAttribute("operator", operator);
		model.addAttribute("what", what);
		model.addAttribute("rows", rows);
		if (what.equals("rules")) {
			model.addAttribute("names", agencyNames(request, operator));
			model.addAttribute("today", this.properties.today(this.clock).toString());
		}
		return "console/list";
	}

	private String show(HttpServletRequest request, ConsoleForms.Form form, String resident,
			Map<String, List<String>> values, List<ConsoleForms.Invalid> errors, Model model) {
		ConsoleSession operator = require(request, form.role());
		model.addAttribute("operator", operator);
		model.addAttribute("form", form);
		model.addAttribute("resident", resident);
		model.addAttribute("action", resident == null ? "/console/" + form.id() : "/console/residents/" + resident + "/" + form.id());
		Map<String, List<String>> shown = new LinkedHashMap<>(values);
		if (form.id().equals("enrol") && !shown.containsKey("address.country")) {
			shown.put("address.country", List.of("JP"));
		}
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

	private String call(HttpServletRequest request, HttpServletResponse response, ConsoleForms.Form form, String resident,
			MultiValueMap<String, String> submitted, Model model) {
		ConsoleSession operator = require(request, form.role());
		Map<String, List<String>> values = new LinkedHashMap<>();
		form.fields().forEach((f) -> {
			List<String> given = submitted.get(f.name());
			if (given != null) {
				values.put(f.name(), given.stream().map(ConsoleController::bounded).toList());
			}
		});
		List<ConsoleForms.Invalid> invalid = new ArrayList<>();
		ObjectNode body = ConsoleForms.body(form, values, this.json, invalid);
		if (!invalid.isEmpty()) {
			response.setStatus(400);
			return show(request, form, resident, values, invalid, model);
		}
		String path = resident == null ? form.api() : form.api().replace("{id}", resident);
		ApiAnswer answer = api(request, operator, form.method(), path, body.toString());
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

	private String done(ConsoleForms.Form form, String resident, JsonNode answer, ConsoleSession operator, Model model) {
		switch (form.id()) {
			case "find":
				return "redirect:/console/residents/" + answer.path("id").asString();
			case "event":
			case "card":
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

	/** The card, when it is the resident's (the page's address names both). */
	private JsonNode cardOf(HttpServletRequest request, ConsoleSession operator, String resident, String cardId) {
		JsonNode card = api(request, operator, "GET", "/api/v1/cards/" + residentId(cardId), null).required();
		if (!resident.equals(card.path("residentId").asString())) {
			throw new AccountException.NotFound();
		}
		return card;
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

	private Map<String, String> agencyNames(HttpServletRequest request, ConsoleSession operator) {
		Map<String, String> names = new LinkedHashMap<>();
		if (!operator.may("oidc:admin")) {
			return names;
		}
		boolean ja = RequestContextUtils.getLocale(request).getLanguage().equals(Locale.JAPANESE.getLanguage());
		for (JsonNode o : api(request, operator, "GET", "/api/v1/organisations", null).required()) {
			if ("agency".equals(o.path("kind").asString())) {
				names.put(o.path("id").asString(), o.path("name").path(ja ? "ja" : "en").asString());
			}
		}
		return names;
	}

	/** One line of the error summary: the field it links to (none for a problem of the whole form). */
	public record SummaryItem(String anchor, String field, String detail) {
	}

	private static Optional<ConsoleForms.Field> field(ConsoleForms.Form form, ConsoleForms.Invalid error) {
		return form.fields()
			.stream()
			.filter((f) -> error.pointer().equals(f.pointer()) || error.pointer().startsWith(f.pointer() + "/"))
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

	private static String residentId(String id) {
		if (!id.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")) {
			throw new AccountException.NotFound();
		}
		return id;
	}

	/** The operator API on this server's own loopback address: the credential never leaves the machine. */
	private ApiAnswer api(HttpServletRequest request, ConsoleSession operator, String method, String path, String body) {
		return this.client.operatorCall("http://127.0.0.1:" + request.getLocalPort(), operator.credential(), method, path, body);
	}

	private Optional<ConsoleSession> session(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		return session != null && session.getAttribute(ConsoleSession.ATTRIBUTE) instanceof ConsoleSession s ? Optional.of(s)
				: Optional.empty();
	}

	private ConsoleSession require(HttpServletRequest request, String role) {
		ConsoleSession operator = session(request).orElseThrow(ConsoleSignIn::new);
		if (!operator.may(role)) {
			throw new ConsoleForbidden();
		}
		return operator;
	}

	@ExceptionHandler({ ConsoleSignIn.class, AccountException.SignedOut.class })
	String signInFirst(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		if (session != null) {
			session.removeAttribute(ConsoleSession.ATTRIBUTE);
		}
		return "redirect:/console";
	}

	/** After {@value #PER_MINUTE} refused console sign-ins from one address, no more tries for the rest of the minute. */
	static final class SignInAttempts {

		static final int PER_MINUTE = 10;

		private final java.time.Clock clock;

		private final java.util.concurrent.ConcurrentHashMap<String, Window> windows = new java.util.concurrent.ConcurrentHashMap<>();

		SignInAttempts(java.time.Clock clock) {
			this.clock = clock;
		}

		private record Window(java.time.Instant start, int refused) {

			boolean current(java.time.Instant now) {
				return !now.isBefore(this.start) && now.isBefore(this.start.plusSeconds(60));
			}

		}

		boolean allow(String address) {
			Window window = this.windows.get(address);
			return window == null || !window.current(this.clock.instant()) || window.refused() < PER_MINUTE;
		}

		/** A sign-in that worked starts the count again. */
		void succeeded(String address) {
			this.windows.remove(address);
		}

		void refused(String address) {
			java.time.Instant now = this.clock.instant();
			if (this.windows.size() > 10_000) {
				this.windows.clear();
			}
			this.windows.compute(address, (key, seen) -> seen == null || !seen.current(now) ? new Window(now, 1)
					: new Window(seen.start(), seen.refused() + 1));
		}

	}

	/** No operator is signed in. */
	static final class ConsoleSignIn extends RuntimeException {

		ConsoleSignIn() {
			super("Sign in to the console", null, false, false);
		}

	}

	/** The operator's credential does not hold the role the page needs. */
	static final class ConsoleForbidden extends RuntimeException {

		ConsoleForbidden() {
			super("Role missing", null, false, false);
		}

	}

}
