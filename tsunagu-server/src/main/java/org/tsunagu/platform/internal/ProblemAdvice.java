package org.tsunagu.platform.internal;

import java.net.URI;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tsunagu.platform.ApiProblem;
import org.tsunagu.platform.ProblemWriter;
import org.tsunagu.platform.JsonViolations;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every failure into RFC 9457 problem details with a stable type, the JSON pointer of each bad field, and
 * no echo of what was sent: a submitted value may be an individual number.
 */
@RestControllerAdvice
final class ProblemAdvice extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		if (causedBy(ex, PayloadTooLargeException.class)) {
			return problem(PayloadTooLargeException.problem(HttpStatus.CONTENT_TOO_LARGE));
		}
		return problem(JsonViolations.problem(ex.getCause()).getBody());
	}

	/** Spring's own answer would quote the address, and an address may carry what a caller should not have sent. */
	@Override
	protected ResponseEntity<Object> handleNoResourceFoundException(
			org.springframework.web.servlet.resource.NoResourceFoundException ex, HttpHeaders headers, HttpStatusCode status,
			WebRequest request) {
		return notFound();
	}

	@Override
	protected ResponseEntity<Object> handleNoHandlerFoundException(org.springframework.web.servlet.NoHandlerFoundException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return notFound();
	}

	/** Spring's own answer would quote the value that did not convert. */
	@Override
	protected ResponseEntity<Object> handleTypeMismatch(org.springframework.beans.TypeMismatchException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return badParameter();
	}

	private static ResponseEntity<Object> badParameter() {
		return problem(ApiProblem.of(HttpStatus.BAD_REQUEST, "bad-parameter", "Bad parameter",
				"A parameter of the request does not have the expected type.").getBody());
	}

	private static ResponseEntity<Object> notFound() {
		return problem(ApiProblem.of(HttpStatus.NOT_FOUND, "not-found", "Not found", "No resource is at this address.")
			.getBody());
	}

	/** An id in the address that is not one names nothing (404); a query parameter of the wrong type is a bad request. */
	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ResponseEntity<Object> handleTypeMismatch(MethodArgumentTypeMismatchException ex) {
		if (ex.getParameter().hasParameterAnnotation(org.springframework.web.bind.annotation.PathVariable.class)) {
			return problem(ApiProblem.of(HttpStatus.NOT_FOUND, "not-found", "Not found",
					"No resource is at this address; ids are UUIDs.").getBody());
		}
		return badParameter();
	}

	/** A parameter name the firewall refuses (control characters, for one), found only when the parameters are read. */
	@ExceptionHandler(org.springframework.security.web.firewall.RequestRejectedException.class)
	ResponseEntity<Object> handleRejected(org.springframework.security.web.firewall.RequestRejectedException ex) {
		return badParameter();
	}

	@ExceptionHandler(DataIntegrityViolationException.class)
	ResponseEntity<Object> handleConflict(DataIntegrityViolationException ex) {
		log.warn("Write refused by a database constraint ({})", ex.getClass().getSimpleName());
		return problem(ApiProblem.of(HttpStatus.CONFLICT, "conflict", "Conflicting change",
				"The change conflicts with another one made at the same time; read the record again and retry.")
			.getBody());
	}

	/** No database connection came free in time: busy, not broken. */
	@ExceptionHandler({ org.springframework.jdbc.CannotGetJdbcConnectionException.class,
			org.springframework.transaction.CannotCreateTransactionException.class })
	ResponseEntity<Object> handleBusy(Exception ex) {
		log.warn("No database connection free in time ({})", ex.getClass().getSimpleName());
		ApiProblem busy = DatabaseBusy.problem();
		normalise(busy.getBody(), busy.getStatusCode());
		return ResponseEntity.status(busy.getStatusCode())
			.headers(busy.getHeaders())
			.contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
			.body(busy.getBody());
	}

	/** The container could not read the parameters: too many, or a form over its size. */
	@ExceptionHandler(org.apache.tomcat.util.http.InvalidParameterException.class)
	ResponseEntity<Object> handleParameters(org.apache.tomcat.util.http.InvalidParameterException ex) {
		if (ex.getErrorCode() == HttpStatus.CONTENT_TOO_LARGE.value()) {
			return problem(PayloadTooLargeException.problem(HttpStatus.CONTENT_TOO_LARGE));
		}
		return problem(ApiProblem.of(HttpStatus.BAD_REQUEST, "bad-parameter", "Bad parameter",
				"The parameters could not be read: they are not well-formed, or more than 1,000.").getBody());
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<Object> handleUnexpected(Exception ex) {
		if (causedBy(ex, org.apache.coyote.BadRequestException.class)) {
			// the container could not read the request itself (a malformed chunk or trailer): the sender's fault
			return problem(ApiProblem.of(HttpStatus.BAD_REQUEST, "bad-request", "Bad request",
					"The request's body is not framed as HTTP requires (its chunks or trailers).").getBody());
		}
		// Messages of lower layers may quote submitted values; log the exception chain's types and frames only.
		log.error("Unexpected failure: {}", org.tsunagu.platform.Failures.describe(ex));
		return problem(ApiProblem.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error",
				"The server could not complete the request. Quote the request id when you report it.").getBody());
	}

	@Override
	protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
			WebRequest request) {
		if (body instanceof ProblemDetail problem) {
			// Spring's own words would quote the method or the media type sent
			if (statusCode.value() == HttpStatus.METHOD_NOT_ALLOWED.value()) {
				problem.setDetail("This address does not take that method.");
			}
			else if (statusCode.value() == HttpStatus.UNSUPPORTED_MEDIA_TYPE.value()) {
				problem.setDetail("This address does not take a body of that type; see the API's documentation.");
			}
			normalise(problem, statusCode);
		}
		return super.createResponseEntity(body, headers, statusCode, request);
	}

	private static void normalise(ProblemDetail problem, HttpStatusCode status) {
		if (problem.getType() == null || URI.create("about:blank").equals(problem.getType())) {
			HttpStatus known = HttpStatus.resolve(status.value());
			String name = known == null ? "http-" + status.value() : known.name().toLowerCase().replace('_', '-');
			problem.setType(ApiProblem.type(name));
		}
		ProblemWriter.withRequestId(problem);
	}

	private static ResponseEntity<Object> problem(ProblemDetail problem) {
		normalise(problem, HttpStatusCode.valueOf(problem.getStatus()));
		return ResponseEntity.status(problem.getStatus())
			.contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem);
	}

	private static boolean causedBy(Throwable ex, Class<? extends Throwable> type) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (type.isInstance(t)) {
				return true;
			}
		}
		return false;
	}


}
