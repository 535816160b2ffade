package org.tsunagu.operator.internal;

import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.tsunagu.operator.OperatorRole;
import org.tsunagu.transparency.AccessLog;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthentication;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Every change an operator credential makes through the API (whether sent by a script or by the console) goes into
 * the transparency log: who (the credential's name), which operation (the route, such as
 * {@code POST /api/v1/residents/{id}/events}: never the values in the path or the body), and the answer's status,
 * refused attempts included. The answer is held back until the entry is appended: when the log cannot take it, the
 * operator gets a 503 instead of an acknowledgement. What the change did to a person is logged besides, under that person, by the module that made it.
 */
final class OperatorActions extends OncePerRequestFilter {

	private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

	private final AccessLog log;

	private final Clock clock;

	OperatorActions(AccessLog log, Clock clock) {
		this.log = log;
		this.clock = clock;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !WRITES.contains(request.getMethod()) || !request.getRequestURI().startsWith("/api/")
				|| request.getRequestURI().startsWith("/api/v1/me");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!operator(SecurityContextHolder.getContext().getAuthentication())) {
			chain.doFilter(request, response);
			return;
		}
		ContentCachingResponseWrapper held = new ContentCachingResponseWrapper(response);
		chain.doFilter(request, held);
		try {
			record(request, held.getStatus());
		}
		catch (RuntimeException ex) {
			// the change may stand, but it is not acknowledged while the log does not hold it
			held.resetBuffer();
			held.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
			held.setContentType("application/problem+json");
			held.getWriter().write("{\"type\":\"urn:tsunagu:problem:log-unavailable\",\"title\":\"Not logged\",\"status\":503,"
					+ "\"detail\":\"The change could not be written to the transparency log; check its state before trying again.\"}");
		}
		held.copyBodyToResponse();
	}

	/** An operator credential, or a service's own token holding an operator role (client credentials). */
	private static boolean operator(Authentication authentication) {
		return authentication instanceof BearerTokenAuthentication || authentication != null
				&& authentication.getAuthorities().stream().anyMatch((a) -> OperatorRole.fromAuthority(a.getAuthority()).isPresent());
	}

	private void record(HttpServletRequest request, int status) {
		Authentication operator = SecurityContextHolder.getContext().getAuthentication();
		Object route = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
		if (operator == null || route == null) {
			return;
		}
		// a refused attempt is an operator's action too: logged with its status
		this.log.append(new AccessLog.Entry("operator-action:" + UUID.randomUUID(), operator.getName(),
				"operator:" + operator.getName(), null, "operator action" + (status >= 400 ? " refused" : "") + ": "
						+ request.getMethod() + " " + route,
				"change through the operator API", this.clock.instant(), Map.of("status", Integer.toString(status))));
	}

}
