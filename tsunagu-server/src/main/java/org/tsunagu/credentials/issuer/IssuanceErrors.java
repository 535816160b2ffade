package org.tsunagu.credentials.issuer;

import java.util.Map;

import org.tsunagu.platform.ApiProblem;

import org.springframework.http.HttpStatus;

/**
 * The credential endpoint's errors: RFC 9457 problem details that also carry OpenID4VCI's {@code error} and
 * {@code error_description} (section 8.3.1.2), so that a wallet reading either finds the reason.
 */
final class IssuanceErrors {

	private IssuanceErrors() {
	}

	static ApiProblem of(HttpStatus status, String error, String title, String description) {
		return ApiProblem.of(status, "credential-" + error.replace('_', '-'), title, description,
				Map.of("error", error, "error_description", description));
	}

	static ApiProblem request(String description) {
		return of(HttpStatus.BAD_REQUEST, "invalid_credential_request", "Credential request not valid", description);
	}

	static ApiProblem proof(String description) {
		return of(HttpStatus.BAD_REQUEST, "invalid_proof", "Proof of possession not valid", description);
	}

	static ApiProblem nonce() {
		return of(HttpStatus.BAD_REQUEST, "invalid_nonce", "Nonce not valid",
				"The proof's nonce is unknown, used or expired; ask the nonce endpoint for a new one.");
	}

	static ApiProblem denied(String description) {
		return of(HttpStatus.FORBIDDEN, "credential_request_denied", "Credential request denied", description);
	}

}
