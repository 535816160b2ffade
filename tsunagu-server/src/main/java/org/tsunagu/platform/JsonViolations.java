package org.tsunagu.platform;

import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Turns a JSON reading failure into a {@link Violation} with the JSON pointer of the bad field. The words never
 * quote the input, which may be personal data.
 */
public final class JsonViolations {

	private JsonViolations() {
	}

	/** The violation for a failure of Jackson, or for a missing body when {@code cause} is not Jackson's. */
	public static Violation of(Throwable cause) {
		if (cause instanceof UnrecognizedPropertyException unknown) {
			return new Violation(pointer(unknown), "This field is not part of the request; remove it.");
		}
		if (cause instanceof InvalidFormatException || cause instanceof MismatchedInputException) {
			DatabindException mismatch = (DatabindException) cause;
			if (mismatch.getPath().isEmpty()) {
				return new Violation("", "The body must be a JSON object of the documented shape.");
			}
			return new Violation(pointer(mismatch), "This field has the wrong type or format (dates are YYYY-MM-DD).");
		}
		if (cause instanceof DatabindException databind && !databind.getPath().isEmpty()) {
			return new Violation(pointer(databind), "This field has a value that cannot be accepted.");
		}
		if (cause instanceof StreamConstraintsException limit) {
			return new Violation("", StrictJson.exceeded(limit));
		}
		if (StrictJson.duplicate(cause)) {
			return new Violation("", "An object in the body names the same member twice; send each member once.");
		}
		if (cause instanceof StreamReadException) {
			return new Violation("", "The body is not well-formed JSON in UTF-8.");
		}
		return new Violation("", "The request needs a JSON body.");
	}

	/**
	 * The answer to a body that could not be read: {@code duplicate-key} when an object named a member twice, else
	 * {@code validation} with the pointer of the bad field.
	 */
	public static ApiProblem problem(Throwable cause) {
		Violation violation = of(cause);
		if (StrictJson.duplicate(cause)) {
			return ApiProblem.of(org.springframework.http.HttpStatus.BAD_REQUEST, "duplicate-key",
					"A member named twice", violation.detail(), java.util.Map.of("errors", java.util.List.of(violation)));
		}
		return ApiProblem.validation(java.util.List.of(violation));
	}

	private static final java.util.regex.Pattern FIELD_NAME = java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");

	private static final java.util.regex.Pattern DIGITS = java.util.regex.Pattern.compile("\\d{4}");

	/**
	 * A field name as an answer may repeat it: a name of the documented kind (letters first, then letters, digits,
	 * hyphens and underscores, no run of four digits), else {@code *}. A caller who sends personal data as a field
	 * name does not get it back.
	 */
	public static String name(String sent) {
		return sent != null && FIELD_NAME.matcher(sent).matches() && !DIGITS.matcher(sent).find() ? sent : "*";
	}

	/** The JSON pointer (RFC 6901) of the place Jackson failed at. */
	static String pointer(DatabindException ex) {
		StringBuilder pointer = new StringBuilder();
		for (JacksonException.Reference ref : ex.getPath()) {
			pointer.append('/');
			if (ref.getPropertyName() != null) {
				pointer.append(name(ref.getPropertyName()).replace("~", "~0").replace("/", "~1"));
			}
			else if (ref.getIndex() >= 0) {
				pointer.append(ref.getIndex());
			}
			else {
				pointer.append('-');
			}
		}
		return pointer.toString();
	}

}
