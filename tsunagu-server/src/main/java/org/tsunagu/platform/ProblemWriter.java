package org.tsunagu.platform;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/**
 * Writes a problem detail straight to a servlet response, for the filters that answer before a controller
 * runs (authentication, request size).
 */
@Component
public final class ProblemWriter {

	private final JsonMapper json;

	public ProblemWriter(JsonMapper json) {
		this.json = json;
	}

	public void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
		withRequestId(problem);
		response.setStatus(problem.getStatus());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		this.json.writeValue(response.getOutputStream(), problem);
	}

	/**
	 * Adds the request id so that an operator can find the request in the logs, and names this occurrence by it
	 * ({@code instance}): never by the request's address, which may carry what a caller should not have put there.
	 */
	public static ProblemDetail withRequestId(ProblemDetail problem) {
		return withRequestId(problem, null);
	}

	/** The same, with the request's id given where the logging context has already been cleared (error pages). */
	public static ProblemDetail withRequestId(ProblemDetail problem, String known) {
		String requestId = MDC.get(RequestIds.MDC_KEY) != null ? MDC.get(RequestIds.MDC_KEY) : known;
		if (requestId != null && (problem.getProperties() == null || !problem.getProperties().containsKey("requestId"))) {
			problem.setProperty("requestId", requestId);
		}
		if (problem.getInstance() == null) {
			problem.setInstance(java.net.URI.create("urn:tsunagu:request:" + (requestId == null ? "unknown" : requestId)));
		}
		return problem;
	}

}
