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
	 * the ids in it; an address no controller matched (a filter's endpoint, a static file, a 404) keeps only its
	 * first two segments ({@code /oauth2/token}, {@code /api/v1/…}), so that nothing a caller put further along it
	 * (a number, a name, a serial) is kept.
	 */
	static String route(HttpServletRequest request) {
		Object pattern = request.getAttribute(org.springframework.web.servlet.HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
		if (pattern instanceof String matched && !matched.equals("/**") && !matched.endsWith("/**")) {
			return matched;
		}
		String[] segments = request.getRequestURI().split("/", 4);
		StringBuilder kept = new StringBuilder();
		for (int i = 1; i < Math.min(segments.length, 3); i++) {
			kept.append('/').append(segments[i].length() > 40 || DIGITS.matcher(segments[i]).find() ? "*" : segments[i]);
		}
		return kept.isEmpty() ? "/" : segments.length > 3 ? kept + "/…" : kept.toString();
	}

	private static final Pattern DIGITS = Pattern.compile("\\d{4}");

	/** A caller's own request id is kept unless it could be an individual number (a run of twelve digits or more). */
	private static final Pattern NUMBER_LIKE = Pattern.compile("\\d{12}");

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String offered = request.getHeader(RequestIds.HEADER);
		String requestId = offered != null && SAFE_ID.matcher(offered).matches() && !NUMBER_LIKE.matcher(offered).find() ? offered
				: UUID.randomUUID().toString();
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
