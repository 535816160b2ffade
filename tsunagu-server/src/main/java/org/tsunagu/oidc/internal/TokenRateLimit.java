package org.tsunagu.oidc.internal;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/** The token and pushed-request endpoints' rate limit per client address; over it, 429 as RFC 6749 JSON. */
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
		if (!this.limits.allow("token", request.getRemoteAddr())) {
			response.setStatus(429);
			response.setHeader("Retry-After", "60");
			response.setContentType("application/json");
			response.getWriter().write("{\"error\":\"slow_down\",\"error_description\":\"Too many requests; wait a minute.\"}");
			return;
		}
		chain.doFilter(request, response);
	}

}
