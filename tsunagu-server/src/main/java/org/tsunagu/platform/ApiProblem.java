package org.tsunagu.platform;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * An error the client can act on, answered as RFC 9457 {@code application/problem+json} with a stable
 * {@code type} URI ({@code urn:tsunagu:problem:<name>}). Its detail never contains personal data.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9457">RFC 9457</a>
 */
public final class ApiProblem extends ErrorResponseException {

	private static final String TYPE_PREFIX = "urn:tsunagu:problem:";

	private ApiProblem(HttpStatus status, String name, String title, String detail, Map<String, Object> properties) {
		super(status, problem(status, name, title, detail, properties), null);
	}

	public static ApiProblem of(HttpStatus status, String name, String title, String detail) {
		return new ApiProblem(status, name, title, detail, Map.of());
	}

	public static ApiProblem of(HttpStatus status, String name, String title, String detail,
			Map<String, Object> properties) {
		return new ApiProblem(status, name, title, detail, properties);
	}

	public static ApiProblem validation(List<Violation> violations) {
		String detail = violations.size() == 1 ? "One field is not valid: " + violations.get(0).detail()
				: violations.size() + " fields are not valid; see errors for each.";
		return new ApiProblem(HttpStatus.BAD_REQUEST, "validation", "The request is not valid", detail,
				Map.of("errors", violations));
	}

	public static ApiProblem notFound(String what) {
		return of(HttpStatus.NOT_FOUND, "not-found", "Not found", what + " was not found.");
	}

	public static URI type(String name) {
		return URI.create(TYPE_PREFIX + name);
	}

	static ProblemDetail problem(HttpStatus status, String name, String title, String detail,
			Map<String, Object> properties) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(type(name));
		problem.setTitle(title);
		properties.forEach(problem::setProperty);
		return problem;
	}

	@Override
	public String getMessage() {
		return getBody().getType() + ": " + getBody().getDetail();
	}

}
