package org.tsunagu.oidc.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.tsunagu.platform.RateLimits;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The token and pushed-request endpoints' rate per client address, before any assertion or proof is checked;
 * over it, 429 as RFC 6749 JSON with {@code Retry-After}. A pushed request naming a client whose allowance
 * ({@link PushedRequestLimits}) is spent is refused here too, cheaply.
 */
final class TokenRateLimit extends OncePerRequestFilter {

	private final RateLimits limits;

	TokenRateLimit(RateLimits limits) {
		this.limits = limits;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = AuthenticationRequirements.path(request);
		return !(path.equals("/oauth2/token") || path.equals("/oauth2/par"));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Optional<Duration> wait = this.limits.take(ProviderRates.TOKEN, request);
		if (wait.isPresent()) {
			ErrorResponses.tooMany(response, wait.get(), "Too many requests from this address; wait as Retry-After says.");
			return;
		}
		if (AuthenticationRequirements.path(request).equals("/oauth2/par")) {
			// a client or an address that has spent its allowance is refused before its assertion costs a signature
			// check and a write; peeking takes nothing, so naming another client cannot spend that client's allowance
			String clientId = request.getParameter("client_id");
			Optional<Duration> spent = this.limits.peek(ProviderRates.PUSHED_PER_ADDRESS, RateLimits.caller(request))
				.or(() -> clientId == null ? Optional.empty() : this.limits.peek(ProviderRates.PUSHED_PER_CLIENT, clientId));
			if (spent.isPresent()) {
				ErrorResponses.tooMany(response, spent.get(), PushedRequestLimits.TOO_MANY);
				return;
			}
		}
		chain.doFilter(request, response);
	}

}
