package org.tsunagu.platform.internal;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.tsunagu.platform.ProblemWriter;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over 1 MiB with 413: at once when {@code Content-Length} says so, and while reading
 * when a chunked body grows past the limit. The bulk import and the insurers' monthly loads, which stream, are
 * exempt and limit each line instead.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
final class BodySizeLimitFilter extends OncePerRequestFilter {

	static final long LIMIT = DataSize.ofMegabytes(1).toBytes();

	private final ProblemWriter problems;

	BodySizeLimitFilter(ProblemWriter problems) {
		this.problems = problems;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		// the streamed JSON Lines loads, which bound each line instead
		return request.getRequestURI().equals("/api/v1/residents/import")
				|| request.getRequestURI().equals("/api/v1/coverage/batches");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getContentLengthLong() > LIMIT) {
			this.problems.write(response, PayloadTooLargeException.problem(HttpStatus.CONTENT_TOO_LARGE));
			return;
		}
		chain.doFilter(new HttpServletRequestWrapper(request) {
			@Override
			public ServletInputStream getInputStream() throws IOException {
				return new LimitedInputStream(super.getInputStream(), LIMIT);
			}
		}, response);
	}

}
