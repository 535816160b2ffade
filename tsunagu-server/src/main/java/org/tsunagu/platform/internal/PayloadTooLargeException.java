package org.tsunagu.platform.internal;

import java.io.IOException;

import org.tsunagu.platform.ApiProblem;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** Thrown while reading a body that grew past its limit. */
final class PayloadTooLargeException extends IOException {

	PayloadTooLargeException() {
		super("request body over the limit");
	}

	static ProblemDetail problem(HttpStatus status) {
		return ApiProblem.of(status, "payload-too-large", "Request body too large",
				"The request body is larger than 1 MiB. Send less, or use the bulk import for many residents.")
			.getBody();
	}

}
