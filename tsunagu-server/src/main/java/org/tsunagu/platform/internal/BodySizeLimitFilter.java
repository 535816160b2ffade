package org.tsunagu.platform.internal;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.tsunagu.platform.ProblemWriter;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over 1 MiB with 413: at once when {@code Content-Length} says so, and while reading
 * when a chunked body grows past the limit. A form is read here, whole, before any other filter runs: the servlet
 * container reads forms from its own stream, not through a wrapper, and holds them to
 * {@code server.tomcat.max-http-form-post-size} (1 MiB too); reading the form first also means that nothing after
 * this filter, a database transaction least of all, waits on a client that sends its form slowly. The bulk import
 * and the insurers' monthly loads, which stream, are exempt and limit each line instead.
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
		if (form(request)) {
			try {
				request.getParameterMap();
			}
			catch (InvalidParameterException ex) {
				if (ex.getErrorCode() == HttpStatus.CONTENT_TOO_LARGE.value()) {
					this.problems.write(response, PayloadTooLargeException.problem(HttpStatus.CONTENT_TOO_LARGE));
					return;
				}
				// read whole but not well-formed: the container answers it (400), as a page or as a problem; going on
				// would hand the next filter whatever part of the form did parse
				throw ex;
			}
		}
		chain.doFilter(new HttpServletRequestWrapper(request) {
			@Override
			public ServletInputStream getInputStream() throws IOException {
				return new LimitedInputStream(super.getInputStream(), LIMIT);
			}
		}, response);
	}

	private static boolean form(HttpServletRequest request) {
		String type = request.getContentType();
		if (type == null || "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod())) {
			return false;
		}
		try {
			return MediaType.APPLICATION_FORM_URLENCODED.includes(MediaType.parseMediaType(type));
		}
		catch (org.springframework.util.InvalidMimeTypeException ex) {
			return false;
		}
	}

}
