package org.tsunagu.platform;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * How the server reads JSON, wherever it comes from: at most {@value #MAX_DEPTH} levels of nesting, numbers of at
 * most {@value #MAX_NUMBER_DIGITS} digits, strings of at most 1 MiB, names of at most {@value #MAX_NAME_LENGTH}
 * characters, documents of at most 1 MiB (the limit on a request's body), and no member name twice in one object
 * (RFC 8259 leaves the meaning of a repeated name open, so two readers could see two different requests). Every
 * mapper of the server starts from {@link #builder()}: the one Spring gives the HTTP edge and each module's own;
 * only the pages, reading the server's own answers, take longer documents ({@link #answers()}).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8259#section-4">RFC 8259, section 4</a>
 */
public final class StrictJson {

	public static final int MAX_DEPTH = 64;

	public static final int MAX_NUMBER_DIGITS = 100;

	public static final int MAX_STRING_LENGTH = 1024 * 1024;

	public static final int MAX_NAME_LENGTH = 1024;

	public static final long MAX_DOCUMENT_LENGTH = 1024 * 1024;

	/** The longest answer of the server's own API its pages read (a resident's export, the console's lists). */
	public static final long MAX_ANSWER_LENGTH = 64L * 1024 * 1024;

	private static final JsonFactory FACTORY = factory(MAX_DOCUMENT_LENGTH);

	private static final JsonMapper MAPPER = builder().build();

	private static final JsonMapper ANSWERS = JsonMapper.builder(factory(MAX_ANSWER_LENGTH))
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.build();

	private StrictJson() {
	}

	/** A mapper builder that reads by these rules; a module adds its own modules and features to it. */
	public static JsonMapper.Builder builder() {
		return JsonMapper.builder(FACTORY).enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
	}

	/** A mapper with these rules and Jackson's defaults otherwise, for a module's own documents. */
	public static JsonMapper mapper() {
		return MAPPER;
	}

	/**
	 * A mapper with these rules but for the document's length, which may be up to {@value #MAX_ANSWER_LENGTH} bytes:
	 * for the pages, which read the answers of the server's own API, larger than any request may be.
	 */
	public static JsonMapper answers() {
		return ANSWERS;
	}

	private static JsonFactory factory(long maxDocumentLength) {
		return JsonFactory.builder()
			.streamReadConstraints(StreamReadConstraints.builder()
				.maxNestingDepth(MAX_DEPTH)
				.maxNumberLength(MAX_NUMBER_DIGITS)
				.maxStringLength(MAX_STRING_LENGTH)
				.maxNameLength(MAX_NAME_LENGTH)
				.maxDocumentLength(maxDocumentLength)
				.build())
			.build();
	}

	/** Whether reading failed because one object named a member twice. */
	public static boolean duplicate(Throwable failure) {
		return failure instanceof StreamReadException read && !(failure instanceof StreamConstraintsException)
				&& read.getOriginalMessage() != null && read.getOriginalMessage().startsWith("Duplicate Object property");
	}

	/** What a failure of one of these limits exceeded, in words for the caller (never quoting the input). */
	static String exceeded(StreamConstraintsException failure) {
		String message = failure.getOriginalMessage() == null ? "" : failure.getOriginalMessage();
		if (message.startsWith("Document nesting depth")) {
			return "The body nests objects and arrays more than " + MAX_DEPTH + " levels deep.";
		}
		if (message.startsWith("Number value length")) {
			return "A number in the body has more than " + MAX_NUMBER_DIGITS + " digits.";
		}
		if (message.startsWith("String value length")) {
			return "A string in the body is longer than 1 MiB.";
		}
		if (message.startsWith("Name length")) {
			return "A member name in the body is longer than " + MAX_NAME_LENGTH + " characters.";
		}
		if (message.startsWith("Document length")) {
			return "The body is longer than 1 MiB of JSON.";
		}
		return "A number in the body is too large to be read.";
	}

}
