package org.tsunagu.portal.internal;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.tsunagu.operator.OperatorCredentials;
import org.tsunagu.operator.OperatorRole;
import org.tsunagu.platform.RateLimits;
import org.tsunagu.platform.TsunaguProperties;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The operator console at {@code /console}: sign-in with an operator credential (the same one the API takes, so
 * the console's roles are the credential's), then one page per operator task, each a form for one API call
 * ({@link ConsoleFormPages}), the resident's page and the lists. The API's answer decides, and every change is
 * logged by the API. A resident's cards and delegations have their own controllers.
 */
@Controller
class ConsoleController {

	/** Console paths with a top-level form, and the form each shows. */
	private static final Set<String> TOP_FORMS = Set.of("enrol", "find", "relying-party", "organisation", "rule");

	private static final Set<String> RESIDENT_FORMS = Set.of("event", "card", "representation", "protection-order");

	private final OperatorCredentials credentials;

	private final ConsoleOperators operators;

	private final ConsoleFormPages forms;

	private final JsonMapper json;

	private final PageSupport pages;

	private final ConsoleSignInAttempts attempts;

	private final TsunaguProperties properties;

	private final java.time.Clock clock;

	ConsoleController(OperatorCredentials credentials, ConsoleOperators operators, ConsoleFormPages forms, JsonMapper json,
			TsunaguProperties properties, java.time.Clock clock, PageSupport pages) {
		this.credentials = credentials;
		this.operators = operators;
		this.forms = forms;
		this.json = json;
		this.pages = pages;
		this.attempts = new ConsoleSignInAttempts(clock);
		this.properties = properties;
		this.clock = clock;
	}

	@GetMapping("/console")
	String home(HttpServletRequest request, Model model) {
		Optional<ConsoleSession> session = this.operators.session(request);
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
		String caller = RateLimits.caller(request);
		Optional<java.time.Duration> wait = this.attempts.wait(caller);
		if (wait.isPresent()) {
			response.setStatus(429);
			response.setHeader(org.springframework.http.HttpHeaders.RETRY_AFTER, RateLimits.retryAfter(wait.get()));
			model.addAttribute("errors", List.of(new ConsoleForms.Invalid("/credential", "console.signin.later")));
			return "console/signin";
		}
		Optional<OperatorCredentials.Holder> holder = credential == null || credential.isBlank() ? Optional.empty()
				: this.credentials.authenticate(credential.strip());
		if (holder.isEmpty()) {
			this.attempts.refused(caller);
			response.setStatus(400);
			model.addAttribute("errors", List.of(new ConsoleForms.Invalid("/credential",
					credential == null || credential.isBlank() ? "console.signin.empty" : "console.signin.wrong")));
			return "console/signin";
		}
		this.attempts.succeeded(caller);
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
		return this.forms.show(request, ConsoleForms.FORMS.get(form), null, model);
	}

	@PostMapping("/console/{form}")
	String submit(HttpServletRequest request, HttpServletResponse response, @PathVariable String form,
			@RequestParam MultiValueMap<String, String> values, Model model) {
		if (!TOP_FORMS.contains(form)) {
			throw new AccountException.NotFound();
		}
		return this.forms.submit(request, response, ConsoleForms.FORMS.get(form), null, values, model);
	}

	@GetMapping("/console/residents/{id}")
	String resident(HttpServletRequest request, @PathVariable String id, Model model) {
		ConsoleSession operator = this.operators.require(request, "registry:read");
		String resident = PageSupport.id(id);
		JsonNode record = read(request, operator, "/api/v1/residents/" + resident);
		model.addAttribute("operator", operator);
		Map<String, Object> shown = this.pages.map(record);
		model.addAttribute("resident", shown);
		model.addAttribute("address", AccountController.addressLine(shown.get("address")));
		model.addAttribute("history", this.pages.list(read(request, operator, "/api/v1/residents/" + resident + "/history")
			.get("versions")).reversed());
		model.addAttribute("coverage", this.pages.map(read(request, operator, "/api/v1/residents/" + resident + "/coverage")));
		model.addAttribute("cards", operator.may("pki:issue")
				? this.pages.list(read(request, operator, "/api/v1/residents/" + resident + "/cards").get("cards"))
				: List.of());
		model.addAttribute("delegations", this.pages.map(read(request, operator, "/api/v1/residents/" + resident + "/delegations")));
		model.addAttribute("today", this.properties.today(this.clock).toString());
		return "console/resident";
	}

	@GetMapping("/console/residents/{id}/{form}")
	String residentForm(HttpServletRequest request, @PathVariable String id, @PathVariable String form, Model model) {
		if (!RESIDENT_FORMS.contains(form)) {
			throw new AccountException.NotFound();
		}
		return this.forms.show(request, ConsoleForms.FORMS.get(form), PageSupport.id(id), model);
	}

	@PostMapping("/console/residents/{id}/{form}")
	String residentSubmit(HttpServletRequest request, HttpServletResponse response, @PathVariable String id,
			@PathVariable String form, @RequestParam MultiValueMap<String, String> values, Model model) {
		if (!RESIDENT_FORMS.contains(form)) {
			throw new AccountException.NotFound();
		}
		return this.forms.submit(request, response, ConsoleForms.FORMS.get(form), PageSupport.id(id), values, model);
	}

	@PostMapping("/console/rules/{id}/end")
	String endRule(HttpServletRequest request, @PathVariable String id) {
		ConsoleSession operator = this.operators.require(request, "exchange:admin");
		LocalDate today = this.properties.today(this.clock);
		ApiAnswer answer = this.operators.api(request, operator, "PATCH", "/api/v1/exchange/rules/" + PageSupport.id(id),
				this.json.createObjectNode().put("validTo", today.toString()).toString());
		return "redirect:/console/rules?" + (answer.ok() ? "done=ended" : "refused=end");
	}

	private String table(HttpServletRequest request, String what, Model model) {
		String role = switch (what) {
			case "relying-parties", "organisations" -> "oidc:admin";
			case "rules" -> "exchange:admin";
			default -> throw new AccountException.NotFound();
		};
		ConsoleSession operator = this.operators.require(request, role);
		String path = switch (what) {
			case "relying-parties" -> "/api/v1/relying-parties";
			case "organisations" -> "/api/v1/organisations";
			default -> "/api/v1/exchange/rules";
		};
		model.addAttribute("operator", operator);
		model.addAttribute("what", what);
		model.addAttribute("rows", this.pages.list(read(request, operator, path)));
		if (what.equals("rules")) {
			model.addAttribute("names", this.forms.agencyNames(request, operator));
			model.addAttribute("today", this.properties.today(this.clock).toString());
		}
		return "console/list";
	}

	/** What the operator API answers a read with; a refusal is the page's failure. */
	private JsonNode read(HttpServletRequest request, ConsoleSession operator, String path) {
		return this.operators.api(request, operator, "GET", path, null).required();
	}

}
