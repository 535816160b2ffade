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
 * over it, 429 as RFC 6749 JSON with {@code Retry-After}.
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
		chain.doFilter(request, response);
	}

}
