package org.tsunagu.portal.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.tsunagu.platform.RateLimits;
import org.tsunagu.platform.TsunaguProperties;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.support.RequestContextUtils;

/**
 * The resident's account: a start page, then, once signed in through the provider, the record, who used my data
 * (each entry's proof checked here against the signed checkpoint), services and consents, the card, health
 * insurance and a download of everything. Each page reads the resident's own API with the session's token; a
 * change is a form post (with its CSRF token) that calls the API and comes back with a confirmation.
 */
@Controller
class AccountController {

	/** Sign-ins a browser address may start: a person starts one now and then. */
	static final RateLimits.Rate SIGN_IN_STARTS = new RateLimits.Rate("account-signin", 30, 10);

	private final AccountClient client;

	private final AccountAddresses addresses;

	private final HistoryCheck history;

	private final JsonMapper json;

	private final PageSupport pages;

	private final TsunaguProperties properties;

	private final java.time.Clock clock;

	private final RateLimits limits;

	AccountController(AccountClient client, AccountAddresses addresses, HistoryCheck history, JsonMapper json,
			TsunaguProperties properties, java.time.Clock clock, PageSupport pages, RateLimits limits) {
		this.limits = limits;
		this.pages = pages;
		this.client = client;
		this.addresses = addresses;
		this.history = history;
		this.json = json;
		this.properties = properties;
		this.clock = clock;
	}

	@GetMapping("/")
	String home(HttpServletRequest request, Model model) {
		Optional<AccountSession> session = session(request);
		if (session.isEmpty()) {
			return "account/start";
		}
		model.addAttribute("record", this.pages.map(call(request, "GET", "/api/v1/me/record").required().get("record")));
		model.addAttribute("level", session.get().level());
		return "account/home";
	}

	@GetMapping("/account/signin")
	String signIn(HttpServletRequest request, HttpServletResponse response,
			@RequestParam(name = "return", required = false) String returnTo, Model model) {
		// each start is a key, a signed assertion, a pushed request and a session: limited per browser address here,
		// since the pushed requests all come from this server's own
		Optional<java.time.Duration> wait = this.limits.take(SIGN_IN_STARTS, request);
		if (wait.isPresent()) {
			response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
			response.setHeader(HttpHeaders.RETRY_AFTER, RateLimits.retryAfter(wait.get()));
			model.addAttribute("problem", "too-many");
			return "error";
		}
		String base = this.addresses.base(request).orElseThrow(() -> new AccountException("Not a registered address"));
		Locale locale = RequestContextUtils.getLocale(request);
		HttpSession session = request.getSession();
		String location = this.client.start(base, base + "/callback", safeReturn(returnTo), locale.getLanguage(),
				(pending) -> session.setAttribute(AccountSession.PENDING, pending));
		return "redirect:" + location;
	}

	@GetMapping("/callback")
	String callback(HttpServletRequest request, @RequestParam(name = "code", required = false) String code,
			@RequestParam(name = "state", required = false) String state,
			@RequestParam(name = "error", required = false) String error,
			@RequestParam(name = "iss", required = false) String issuer, Model model) {
		HttpSession session = request.getSession(false);
		AccountSession.Pending pending = session == null ? null
				: (AccountSession.Pending) session.getAttribute(AccountSession.PENDING);
		// RFC 9207: the answer names the provider the request went to, so that another cannot pass its code off
		if (pending == null || state == null || !pending.state().equals(state) || !pending.issuer().equals(issuer)) {
			model.addAttribute("problem", "signin-expired");
			return "error";
		}
		session.removeAttribute(AccountSession.PENDING);
		if (error != null || code == null) {
			model.addAttribute("problem", "access_denied".equals(error) ? "signin-declined" : "signin-failed");
			return "error";
		}
		AccountSession signedIn = this.client.finish(pending, code);
		// the provider gave the session a new id when the resident signed in (fixation protection); changing it again
		// here would break the provider's session id (sid) that logout checks
		request.getSession().setAttribute(AccountSession.ATTRIBUTE, signedIn);
		request.getSession().setMaxInactiveInterval(PageSupport.IDLE_MINUTES * 60);
		return "redirect:" + pending.returnTo();
	}

	@PostMapping("/account/signout")
	String signOut(HttpServletRequest request) {
		Optional<AccountSession> session = session(request);
		String base = this.addresses.base(request).orElse("");
		HttpSession http = request.getSession(false);
		if (http != null) {
			http.removeAttribute(AccountSession.ATTRIBUTE);
		}
		return session.map((s) -> "redirect:" + this.client.logout(s, base + "/")).orElse("redirect:/");
	}

	@GetMapping("/account/record")
	String record(HttpServletRequest request, Model model) {
		JsonNode answer = call(request, "GET", "/api/v1/me/record").required();
		Map<String, Object> record = this.pages.map(answer.get("record"));
		model.addAttribute("record", record);
		model.addAttribute("address", addressLine(record.get("address")));
		model.addAttribute("history", this.pages.list(answer.get("history")));
		return "account/record";
	}

	@GetMapping("/account/access")
	String access(HttpServletRequest request, @RequestParam(name = "organisation", required = false) String organisation,
			@RequestParam(name = "kind", required = false) String kind, Model model) {
		HistoryCheck.Checked checked = this.history.check(request, this::call);
		List<HistoryCheck.Event> shown = checked.events()
			.stream()
			.filter((e) -> organisation == null || organisation.isBlank() || e.who().equals(organisation))
			.filter((e) -> kind == null || kind.isBlank() || e.kind().equals(kind))
			.toList();
		model.addAttribute("events", shown);
		model.addAttribute("total", checked.events().size());
		model.addAttribute("organisations", checked.events().stream().map(HistoryCheck.Event::who).distinct().sorted().toList());
		model.addAttribute("kinds", HistoryCheck.KINDS);
		model.addAttribute("organisation", organisation == null ? "" : organisation);
		model.addAttribute("kind", kind == null ? "" : kind);
		model.addAttribute("checkpoint", checked.treeSize());
		model.addAttribute("allVerified", checked.events().stream().allMatch(HistoryCheck.Event::verified));
		return "account/access";
	}

	@GetMapping("/account/access/{index}/proof")
	ResponseEntity<String> proof(HttpServletRequest request, @PathVariable String index) {
		if (!index.matches("[0-9]{1,18}")) {
			throw new AccountException.NotFound();
		}
		String proof = this.history.proof(request, this::call, Long.parseLong(index)).orElseThrow(AccountException.NotFound::new);
		return ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename("tsunagu-proof-" + index + ".json").build().toString())
			.body(proof);
	}

	@GetMapping("/account/services")
	String services(HttpServletRequest request, Model model) {
		model.addAttribute("consents", this.pages.list(call(request, "GET", "/api/v1/me/consents").required().get("consents")));
		return "account/services";
	}

	@PostMapping("/account/services/withdraw")
	String withdraw(HttpServletRequest request, @RequestParam("clientId") String clientId) {
		ApiAnswer answer = call(request, "DELETE", "/api/v1/me/consents/" + URLEncoder.encode(clientId, StandardCharsets.UTF_8));
		return "redirect:/account/services?done=" + (answer.ok() ? "withdrawn" : "gone");
	}

	@GetMapping("/account/insurance")
	String insurance(HttpServletRequest request, Model model) {
		model.addAttribute("coverage", this.pages.map(call(request, "GET", "/api/v1/me/coverage").required()));
		model.addAttribute("clinics", this.pages.list(call(request, "GET", "/api/v1/me/clinic-consents").required()));
		return "account/insurance";
	}

	@PostMapping("/account/insurance/withdraw")
	String withdrawClinic(HttpServletRequest request, @RequestParam("clinicId") String clinicId) {
		if (!clinicId.matches("[0-9a-f-]{36}")) {
			return "redirect:/account/insurance?done=gone";
		}
		ApiAnswer answer = call(request, "DELETE", "/api/v1/me/clinic-consents/" + clinicId);
		return "redirect:/account/insurance?done=" + (answer.ok() ? "withdrawn" : "gone");
	}

	/** The right of access: everything the platform holds about the resident, as one JSON file. */
	@GetMapping("/account/export")
	ResponseEntity<String> export(HttpServletRequest request) {
		ObjectNode all = this.json.createObjectNode();
		all.put("exportedAt", this.clock.instant().toString());
		JsonNode record = call(request, "GET", "/api/v1/me/record").required();
		all.set("record", record.get("record"));
		all.set("history", record.get("history"));
		all.set("cards", call(request, "GET", "/api/v1/me/cards").required().get("cards"));
		all.set("services", call(request, "GET", "/api/v1/me/consents").required().get("consents"));
		all.set("insurance", call(request, "GET", "/api/v1/me/coverage").required());
		all.set("clinicConsents", call(request, "GET", "/api/v1/me/clinic-consents").required());
		all.set("accessHistory", this.history.raw(request, this::call));
		return ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename("tsunagu-my-data.json").build().toString())
			.header(HttpHeaders.CACHE_CONTROL, "no-store")
			.body(all.toPrettyString());
	}

	/** The signed-in session, its tokens refreshed when they are about to expire. */
	Optional<AccountSession> session(HttpServletRequest request) {
		HttpSession http = request.getSession(false);
		if (http == null || !(http.getAttribute(AccountSession.ATTRIBUTE) instanceof AccountSession session)) {
			return Optional.empty();
		}
		// one refresh at a time per session: refresh tokens rotate, and a second use of the old one is refused
		synchronized (org.springframework.web.util.WebUtils.getSessionMutex(http)) {
			AccountSession current = (AccountSession) http.getAttribute(AccountSession.ATTRIBUTE);
			if (current == null) {
				return Optional.empty();
			}
			AccountSession fresh = this.client.fresh(current);
			if (fresh != current) {
				http.setAttribute(AccountSession.ATTRIBUTE, fresh);
			}
			return Optional.of(fresh);
		}
	}

	ApiAnswer call(HttpServletRequest request, String method, String path) {
		return call(request, method, path, null);
	}

	/** A call to the resident's own API with the session's token (refreshed as needed) and a JSON body. */
	ApiAnswer call(HttpServletRequest request, String method, String path, String jsonBody) {
		AccountSession session = session(request).orElseThrow(AccountException.SignedOut::new);
		return this.client.call(session, method, path, jsonBody);
	}

	/** An address on one line: the formatted line the registry keeps, or its parts in Japanese order. */
	static String addressLine(Object address) {
		if (!(address instanceof Map<?, ?> parts)) {
			return "—";
		}
		if (parts.get("formatted") instanceof String formatted && !formatted.isBlank()) {
			return formatted;
		}
		StringBuilder line = new StringBuilder();
		if (parts.get("postalCode") != null) {
			line.append('〒').append(parts.get("postalCode")).append(' ');
		}
		for (String part : List.of("region", "locality", "streetAddress")) {
			if (parts.get(part) != null) {
				line.append(parts.get(part));
			}
		}
		return line.toString().strip();
	}

	/** Only a path of this site's own account pages; anything else goes home. */
	private static String safeReturn(String returnTo) {
		return returnTo != null && returnTo.matches("/account/[a-z]{1,20}(/[a-z]{1,20})?") ? returnTo : "/";
	}

}
