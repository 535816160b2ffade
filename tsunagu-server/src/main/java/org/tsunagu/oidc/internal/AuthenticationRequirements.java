package org.tsunagu.oidc.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.tsunagu.registry.Residents;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriUtils;

/**
 * What a pushed request asks of the sign-in, checked before the authorization endpoint answers:
 * <ul>
 * <li>{@code acr_values}: a level the resident's record cannot reach ends with
 * {@code unmet_authentication_requirements}; a level this sign-in did not reach (a passkey where the card is
 * needed) signs in again;</li>
 * <li>{@code prompt=login} signs in again unless the sign-in happened after the request was pushed;
 * {@code max_age} signs in again when the sign-in is older; {@code prompt=none} without a session ends with
 * {@code login_required}.</li>
 * </ul>
 * Spring Authorization Server passes these parameters through without acting on them. An authorization request
 * sent as a form POST is answered with a redirect to the same request as a GET.
 */
final class AuthenticationRequirements extends OncePerRequestFilter {

	static final String REQUEST_URI_PREFIX = "urn:ietf:params:oauth:request_uri:";

	/** How long Spring Authorization Server keeps a pushed request (its request_uri carries the expiry). */
	static final Duration PUSHED_LIFETIME = Duration.ofSeconds(300);

	private final SealedAuthorizations authorizations;

	private final Residents residents;

	private final Clock clock;

	private final ProxyChoices proxies;

	private final HttpSessionSecurityContextRepository contexts = new HttpSessionSecurityContextRepository();

	AuthenticationRequirements(SealedAuthorizations authorizations, Residents residents, Clock clock,
			RelyingPartyClients clients, org.tsunagu.oidc.ProxyDelegations delegations) {
		this.authorizations = authorizations;
		this.residents = residents;
		this.clock = clock;
		this.proxies = new ProxyChoices(delegations);
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !"/oauth2/authorize".equals(path(request)) || request.getParameter("request_uri") == null;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String requestUri = request.getParameter("request_uri");
		if ("POST".equals(request.getMethod())) {
			// OpenID Connect Core 3.1.2.1: an authorization request may be a form POST. With a pushed request only
			// client_id and request_uri count, so the browser is sent to the same request as a GET, which the
			// sign-in can return to once the resident has signed in
			response.setStatus(HttpServletResponse.SC_SEE_OTHER);
			response.setHeader("Location", request.getContextPath() + "/oauth2/authorize?client_id="
					+ UriUtils.encode(String.valueOf(request.getParameter("client_id")), StandardCharsets.UTF_8)
					+ "&request_uri=" + UriUtils.encode(requestUri, StandardCharsets.UTF_8));
			return;
		}
		if (!requestUri.startsWith(REQUEST_URI_PREFIX)) {
			// not a pushed request of this server: the authorization endpoint refuses it
			chain.doFilter(request, response);
			return;
		}
		String state = requestUri.substring(REQUEST_URI_PREFIX.length());
		OAuth2Authorization pushed = this.authorizations.findByToken(state, new OAuth2TokenType("state"));
		OAuth2AuthorizationRequest authorizationRequest = pushed == null ? null
				: pushed.getAttribute(OAuth2AuthorizationRequest.class.getName());
		if (authorizationRequest == null || !authorizationRequest.getClientId().equals(request.getParameter("client_id"))
				|| !this.clock.instant().isBefore(expiresAt(state))) {
			// unknown, used, another client's or expired: refused before anyone is asked to sign in (the
			// authorization endpoint would refuse it only after the sign-in)
			if (pushed != null && authorizationRequest != null
					&& authorizationRequest.getClientId().equals(request.getParameter("client_id"))) {
				this.authorizations.remove(pushed);
			}
			response.sendRedirect(request.getContextPath() + "/signin/error?error=invalid_request");
			return;
		}
		String prompt = (String) authorizationRequest.getAdditionalParameters().get("prompt");
		Authentication current = SecurityContextHolder.getContext().getAuthentication();
		if (!(current instanceof ResidentAuthentication resident)) {
			if (prompt != null && prompt.contains("none")) {
				fail(pushed, authorizationRequest, response, "login_required", "No one is signed in.");
				return;
			}
			chain.doFilter(request, response);
			return;
		}
		String acrValues = (String) authorizationRequest.getAdditionalParameters().get("acr_values");
		String required = Levels.required(acrValues).orElse("low");
		String reachable = this.residents.find(resident.acting() ? resident.actorId() : resident.residentId())
			.map((facts) -> Levels.lower("high", facts.assurance().eidas()))
			.orElse("low");
		if (Levels.rank(required) > Levels.rank(reachable)) {
			fail(pushed, authorizationRequest, response, "unmet_authentication_requirements",
					"The resident's record does not reach the level asked for.");
			return;
		}
		Instant now = this.clock.instant();
		boolean again = Levels.rank(required) > Levels.rank(resident.level());
		if (prompt != null && prompt.contains("login")) {
			again |= resident.authenticatedAt().isBefore(pushedAt(state));
		}
		Object maxAge = authorizationRequest.getAdditionalParameters().get("max_age");
		if (maxAge != null) {
			again |= resident.authenticatedAt().plusSeconds(Long.parseLong(String.valueOf(maxAge))).isBefore(now);
		}
		if (again) {
			if (prompt != null && prompt.contains("none")) {
				fail(pushed, authorizationRequest, response, "login_required", "A new sign-in is needed.");
				return;
			}
			SecurityContextHolder.clearContext();
			this.contexts.saveContext(SecurityContextHolder.createEmptyContext(), request, response);
			chain.doFilter(request, response);
			return;
		}
		// acting for someone: only where a live delegation covers this service; offered where one does
		ResidentAuthentication chosen = this.proxies.current(resident, authorizationRequest.getClientId());
		if (chosen != resident) {
			SecurityContext context = SecurityContextHolder.createEmptyContext();
			context.setAuthentication(chosen);
			SecurityContextHolder.setContext(context);
			this.contexts.saveContext(context, request, response);
		}
		if (this.proxies.offer(request, chosen, authorizationRequest.getClientId(), requestUri)) {
			response.sendRedirect(request.getContextPath() + "/signin/for?client_id="
					+ java.net.URLEncoder.encode(authorizationRequest.getClientId(), java.nio.charset.StandardCharsets.UTF_8)
					+ "&request_uri=" + java.net.URLEncoder.encode(requestUri, java.nio.charset.StandardCharsets.UTF_8));
			return;
		}
		chain.doFilter(request, response);
	}

	private void fail(OAuth2Authorization pushed, OAuth2AuthorizationRequest request, HttpServletResponse response,
			String error, String description) throws IOException {
		this.authorizations.remove(pushed);
		ProviderErrors.redirect(response, request.getRedirectUri(), new OAuth2Error(error, description, null),
				request.getState());
	}

	private static Instant pushedAt(String state) {
		Instant expires = expiresAt(state);
		return expires.equals(Instant.MIN) ? Instant.MAX : expires.minus(PUSHED_LIFETIME);
	}

	/** The expiry a pushed request's state carries after its last {@code ___}, or long ago if it carries none. */
	private static Instant expiresAt(String state) {
		int at = state.lastIndexOf("___");
		if (at < 0) {
			return Instant.MIN;
		}
		try {
			return Instant.ofEpochMilli(Long.parseLong(state.substring(at + 3)));
		}
		catch (RuntimeException ex) {
			return Instant.MIN;
		}
	}


	/** The request's path within the application, decoded as the endpoints' matchers see it. */
	static String path(HttpServletRequest request) {
		return org.springframework.web.util.UrlPathHelper.defaultInstance.getPathWithinApplication(request);
	}

}
