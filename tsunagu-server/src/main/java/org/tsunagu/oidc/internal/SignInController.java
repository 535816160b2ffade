package org.tsunagu.oidc.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.nayuki.qrcodegen.QrCode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.tsunagu.platform.RateLimits;
import org.tsunagu.registry.ResidentFacts;
import org.tsunagu.registry.Residents;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The sign-in pages: the pairing code (with its QR code) that the card holder's wallet approves, the page's wait
 * for the approval (polled by script, or the "Continue" button without it), the consent page that lists exactly
 * which claims go to which service, and the error page. Everything a page says comes from the message bundles.
 */
@Controller
class SignInController {

	static final String PAIRING = "tsunagu.signin.pairing";

	static final String BINDING = "tsunagu.signin.binding";

	private final SignInPairings pairings;

	private final RelyingPartyClients clients;

	private final Residents residents;

	private final SessionRegistry sessions;

	private final RateLimits limits;

	private final Clock clock;

	private final HttpSessionRequestCache requests = new HttpSessionRequestCache();

	private final HttpSessionSecurityContextRepository contexts = new HttpSessionSecurityContextRepository();

	private final SecureRandom random = new SecureRandom();

	SignInController(SignInPairings pairings, RelyingPartyClients clients, Residents residents, SessionRegistry sessions,
			RateLimits limits, Clock clock) {
		this.pairings = pairings;
		this.clients = clients;
		this.residents = residents;
		this.sessions = sessions;
		this.limits = limits;
		this.clock = clock;
	}

	@GetMapping("/signin")
	String signIn(HttpServletRequest request, HttpServletResponse response, Model model) {
		Optional<java.time.Duration> wait = this.limits.take(ProviderRates.SIGN_IN_PAGE, request);
		if (wait.isPresent()) {
			response.setStatus(429);
			response.setHeader(org.springframework.http.HttpHeaders.RETRY_AFTER, RateLimits.retryAfter(wait.get()));
			model.addAttribute("error", "rate_limited");
			return "signin/error";
		}
		HttpSession session = request.getSession();
		String clientId = savedParameter(request, response, "client_id").orElse(null);
		SignInPairings.Started started = this.pairings.start(binding(session), clientId);
		session.setAttribute(PAIRING, started.id());
		model.addAttribute("code", started.code());
		model.addAttribute("expiresAt", started.expiresAt());
		model.addAttribute("lifetimeSeconds", SignInPairings.LIFETIME.toSeconds());
		model.addAttribute("qr", org.tsunagu.platform.QrSvg.of("tsunagu-signin:" + started.code(), QrCode.Ecc.MEDIUM, null, 200));
		model.addAttribute("service", clientId == null ? null : this.clients.findByClientId(clientId));
		return "signin/card";
	}

	/** For the page's script: {@code pending}, {@code approved} or {@code expired}. */
	@GetMapping(path = "/signin/status", produces = "application/json")
	@ResponseBody
	Map<String, String> status(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		if (session == null) {
			return Map.of("state", "expired");
		}
		return Map.of("state", this.pairings.state((UUID) session.getAttribute(PAIRING), (String) session.getAttribute(BINDING)));
	}

	@PostMapping("/signin/continue")
	String proceed(HttpServletRequest request, HttpServletResponse response, Model model) {
		HttpSession session = request.getSession(false);
		UUID pairing = session == null ? null : (UUID) session.getAttribute(PAIRING);
		String binding = session == null ? null : (String) session.getAttribute(BINDING);
		String state = this.pairings.state(pairing, binding);
		if (!"approved".equals(state)) {
			model.addAttribute("error", "pending".equals(state) ? "not_approved_yet" : "code_expired");
			return "pending".equals(state) ? "signin/waiting" : "signin/error";
		}
		Optional<SignInPairings.Completed> completed = this.pairings.complete(pairing, binding);
		if (completed.isEmpty()) {
			model.addAttribute("error", "code_expired");
			return "signin/error";
		}
		ResidentFacts facts = this.residents.find(completed.get().residentId()).orElse(null);
		if (facts == null || !facts.living()) {
			model.addAttribute("error", "no_record");
			return "signin/error";
		}
		String level = Levels.lower("high", facts.assurance().eidas());
		signIn(request, response, new ResidentAuthentication(facts.id(), "card", level, this.clock.instant()));
		SavedRequest saved = this.requests.getRequest(request, response);
		return "redirect:" + (saved == null ? "/" : saved.getRedirectUrl());
	}

	@GetMapping("/signin/error")
	String error(@RequestParam(name = "error", required = false) String error, Model model) {
		model.addAttribute("error", error != null && ProviderErrors.EXPLAINED.contains(error) ? error : "server_error");
		return "signin/error";
	}

	@GetMapping("/signin/consent")
	String consent(@RequestParam("client_id") String clientId, @RequestParam("state") String state,
			@RequestParam(name = "scope", required = false) String scope, HttpServletResponse response, Model model) {
		RegisteredClient client = this.clients.findByClientId(clientId);
		if (client == null || state.length() > 200) {
			model.addAttribute("error", "invalid_request");
			return "signin/error";
		}
		Set<String> requested = new LinkedHashSet<>(scope == null ? List.of() : Arrays.asList(scope.split(" ")));
		requested.retainAll(client.getScopes());
		requested.remove("openid");
		if (SecurityContextHolder.getContext().getAuthentication() instanceof ResidentAuthentication acting && acting.acting()) {
			// a proxy is offered only what the delegation allows, and told whom they act for
			requested.retainAll(acting.delegationClaims());
			model.addAttribute("actingFor", this.residents.find(acting.residentId()).map(ResidentFacts::fullName).orElse("—"));
			model.addAttribute("actingKind", acting.delegationKind());
		}
		// the approval's redirect to the service must be allowed by the page's form-action
		String origins = client.getRedirectUris().stream()
			.map((uri) -> UriComponentsBuilder.fromUriString(uri).replacePath(null).replaceQuery(null).build().toUriString())
			.distinct()
			.reduce("", (a, b) -> a + " " + b);
		response.setHeader("Content-Security-Policy", PageSecurity.policy("'self'" + origins));
		model.addAttribute("service", client);
		model.addAttribute("serviceJa", client.getClientSettings().getSetting(RelyingPartyClients.NAME_JA));
		model.addAttribute("clientId", clientId);
		model.addAttribute("state", state);
		model.addAttribute("scopes", requested);
		model.addAttribute("claims", ResidentClaims.CLAIMS_BY_SCOPE);
		return "signin/consent";
	}

	@GetMapping("/signin/signed-out")
	String signedOut() {
		return "signin/signed-out";
	}

	/** Makes the resident the session's principal: a new session id, the context saved, the session registered. */
	void signIn(HttpServletRequest request, HttpServletResponse response, Authentication authentication) {
		request.changeSessionId();
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(authentication);
		SecurityContextHolder.setContext(context);
		this.contexts.saveContext(context, request, response);
		this.sessions.registerNewSession(request.getSession().getId(), authentication.getPrincipal());
		request.getSession().removeAttribute(PAIRING);
	}

	private String binding(HttpSession session) {
		String binding = (String) session.getAttribute(BINDING);
		if (binding == null) {
			byte[] bytes = new byte[32];
			this.random.nextBytes(bytes);
			binding = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
			session.setAttribute(BINDING, binding);
		}
		return binding;
	}

	private Optional<String> savedParameter(HttpServletRequest request, HttpServletResponse response, String name) {
		SavedRequest saved = this.requests.getRequest(request, response);
		if (saved == null) {
			return Optional.empty();
		}
		String[] values = saved.getParameterValues(name);
		return values == null || values.length != 1 ? Optional.empty() : Optional.of(values[0]);
	}

}
