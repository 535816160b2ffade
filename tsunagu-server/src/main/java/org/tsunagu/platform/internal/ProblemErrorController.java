package org.tsunagu.platform.internal;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.tsunagu.platform.ApiProblem;
import org.tsunagu.platform.ProblemWriter;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers errors raised outside the controllers (the servlet container, the security firewall) as problem details
 * too, in place of Spring Boot's own error body: no trace, no exception message, the request id. A page asked for
 * by a browser gets the Design System's error page instead.
 */
@org.springframework.stereotype.Controller
final class ProblemErrorController implements ErrorController {

	private final ProblemWriter problems;

	ProblemErrorController(ProblemWriter problems) {
		this.problems = problems;
	}

	/**
	 * A person's browser, on a page (not the API), gets the Design System's error page instead: the same
	 * status, a sentence, no trace.
	 */
	@RequestMapping(path = "/error", produces = MediaType.TEXT_HTML_VALUE)
	org.springframework.web.servlet.ModelAndView page(HttpServletRequest request,
			jakarta.servlet.http.HttpServletResponse response) throws java.io.IOException {
		Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		HttpStatus status = status(request);
		busy(status, response);
		if (uri instanceof String path && (path.startsWith("/api/") || path.startsWith("/oauth2/"))) {
			response.setStatus(status.value());
			this.problems.write(response, problem(status, response.getHeader(org.tsunagu.platform.RequestIds.HEADER)));
			return null;
		}
		String problem = status == HttpStatus.NOT_FOUND ? "not-found"
				: status.is4xxClientError() ? "bad-request" : "unavailable";
		return new org.springframework.web.servlet.ModelAndView("error", java.util.Map.of("problem", problem), status);
	}

	@RequestMapping("/error")
	ResponseEntity<ProblemDetail> error(HttpServletRequest request, jakarta.servlet.http.HttpServletResponse response) {
		HttpStatus status = status(request);
		busy(status, response);
		return ResponseEntity.status(status)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem(status, response.getHeader(org.tsunagu.platform.RequestIds.HEADER)));
	}

	private static HttpStatus status(HttpServletRequest request) {
		if (DatabaseBusy.causedBy((Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION))) {
			return HttpStatus.SERVICE_UNAVAILABLE;
		}
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		return code instanceof Integer value && HttpStatus.resolve(value) != null ? HttpStatus.valueOf(value)
				: HttpStatus.INTERNAL_SERVER_ERROR;
	}

	private static void busy(HttpStatus status, jakarta.servlet.http.HttpServletResponse response) {
		if (status == HttpStatus.SERVICE_UNAVAILABLE) {
			response.setHeader(org.springframework.http.HttpHeaders.RETRY_AFTER,
					org.tsunagu.platform.RateLimits.retryAfter(DatabaseBusy.RETRY_AFTER));
		}
	}

	private static ProblemDetail problem(HttpStatus status, String requestId) {
		if (status == HttpStatus.SERVICE_UNAVAILABLE) {
			return ProblemWriter.withRequestId(DatabaseBusy.problem().getBody(), requestId);
		}
		String name = status.name().toLowerCase().replace('_', '-');
		ProblemDetail problem = ApiProblem.of(status, name, status.getReasonPhrase(),
				status.is4xxClientError() ? "The request was refused: " + status.getReasonPhrase() + "."
						: "The server could not complete the request. Quote the request id when you report it.")
			.getBody();
		return ProblemWriter.withRequestId(problem, requestId);
	}

}
