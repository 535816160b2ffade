package org.tsunagu.platform.internal;

import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.tsunagu.platform.RequestIds;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an id (the caller's {@code X-Request-Id} when it is a plain token, a new UUID otherwise),
 * puts it in the logging context and the response, and writes one access-log line per request. The line has the
 * path without its query string: personal data never travels in a URL, and a query string is not trusted to obey.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
final class RequestIdFilter extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger("org.tsunagu.access");

	private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._-]{8,64}");

	/**
	 * The address as the access log writes it: the matched route's pattern ({@code /api/v1/residents/{id}}), never
	 * the ids in it; an address no controller matched (a filter's endpoint, a 404) keeps its segments, those with four digits or more, or over 32 characters, written as {@code *}, so that no id, serial or number a caller put there is kept.
	 */
	static String route(HttpServletRequest request) {
		Object pattern = request.getAttribute(org.springframework.web.servlet.HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
		if (pattern instanceof String matched && !matched.equals("/**")) {
			return matched;
		}
		String path = request.getRequestURI();
		if (path.length() > 200) {
			path = path.substring(0, 200);
		}
		return java.util.Arrays.stream(path.split("/", -1))
			.map((segment) -> segment.length() > 32 || segment.chars().filter(Character::isDigit).count() >= 4 ? "*" : segment)
			.collect(java.util.stream.Collectors.joining("/"));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String offered = request.getHeader(RequestIds.HEADER);
		String requestId = offered != null && SAFE_ID.matcher(offered).matches() ? offered : UUID.randomUUID().toString();
		MDC.put(RequestIds.MDC_KEY, requestId);
		response.setHeader(RequestIds.HEADER, requestId);
		long start = System.nanoTime();
		try {
			chain.doFilter(request, response);
		}
		finally {
			if (log.isInfoEnabled()) {
				log.info("{} {} {} {}ms", request.getMethod(), route(request), response.getStatus(),
						(System.nanoTime() - start) / 1_000_000);
			}
			MDC.remove(RequestIds.MDC_KEY);
		}
	}

}
