package org.tsunagu.oidc.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.tsunagu.platform.RateLimits;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * What a pushed authorization request may cost, once its client is authenticated (so that no one can spend
 * another client's allowance): at most {@value #MAX_CHARACTERS} characters of parameters, since each request is
 * stored for ten minutes; and the per-client and per-address rates of {@link ProviderRates}, over which the answer is
 * 429 with {@code Retry-After}. The platform's own account pages are not counted here: they push one request for
 * each sign-in a browser starts, and those starts are limited per browser address instead.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9126#section-2.2">RFC 9126 section 2.2</a>
 */
final class PushedRequestLimits extends OncePerRequestFilter {

	/** The most characters of names and values one pushed request may carry. */
	static final int MAX_CHARACTERS = 16 * 1024;

	static final String TOO_MANY = "Too many pushed requests; wait as Retry-After says.";

	private final RateLimits limits;

	PushedRequestLimits(RateLimits limits) {
		this.limits = limits;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !"POST".equals(request.getMethod()) || !"/oauth2/par".equals(AuthenticationRequirements.path(request));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (!(authentication instanceof OAuth2ClientAuthenticationToken client) || !client.isAuthenticated()
				|| client.getRegisteredClient() == null) {
			// not authenticated: the authorization filter refuses it
			chain.doFilter(request, response);
			return;
		}
		if (characters(request.getParameterMap()) > MAX_CHARACTERS) {
			ErrorResponses.write(response, 400, "invalid_request",
					"The pushed request's parameters are longer than " + MAX_CHARACTERS + " characters.");
			return;
		}
		String clientId = client.getRegisteredClient().getClientId();
		if (!RelyingPartyClients.PORTAL.equals(clientId)) {
			Optional<Duration> wait = this.limits.take(ProviderRates.PUSHED_PER_CLIENT, clientId)
				.or(() -> this.limits.take(ProviderRates.PUSHED_PER_ADDRESS, request));
			if (wait.isPresent()) {
				ErrorResponses.tooMany(response, wait.get(), TOO_MANY);
				return;
			}
		}
		chain.doFilter(request, response);
	}

	static long characters(Map<String, String[]> parameters) {
		long total = 0;
		for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
			for (String value : parameter.getValue()) {
				total += parameter.getKey().length() + (value == null ? 0 : value.length());
			}
		}
		return total;
	}

}
