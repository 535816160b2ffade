package org.tsunagu.platform;

import java.util.Objects;

/**
 * One bad field in a request: the JSON pointer (RFC 6901) of the field and what is wrong with it, in words that
 * never repeat the submitted value (it may be personal data).
 *
 * @param pointer the JSON pointer of the field, for example {@code /name/family}
 * @param detail what is wrong and what to send instead
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6901">RFC 6901</a>
 */
public record Violation(String pointer, String detail) {

	public Violation {
		Objects.requireNonNull(pointer, "pointer");
		Objects.requireNonNull(detail, "detail");
	}

}
