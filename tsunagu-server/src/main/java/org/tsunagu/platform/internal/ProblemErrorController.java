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
 * too, in place of Spring Boot's own error body: no trace, no exception message, the request id.
 */
@RestController
final class ProblemErrorController implements ErrorController {

	@RequestMapping("/error")
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		HttpStatus status = code instanceof Integer value && HttpStatus.resolve(value) != null ? HttpStatus.valueOf(value)
				: HttpStatus.INTERNAL_SERVER_ERROR;
		String name = status.name().toLowerCase().replace('_', '-');
		ProblemDetail problem = ApiProblem.of(status, name, status.getReasonPhrase(),
				status.is4xxClientError() ? "The request was refused: " + status.getReasonPhrase() + "."
						: "The server could not complete the request. Quote the request id when you report it.")
			.getBody();
		return ResponseEntity.status(status)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(ProblemWriter.withRequestId(problem));
	}

}
