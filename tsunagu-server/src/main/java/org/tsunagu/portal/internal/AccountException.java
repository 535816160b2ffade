package org.tsunagu.portal.internal;

/** A step of the account's sign-in or API call that did not work; the message is for logs, never personal. */
class AccountException extends RuntimeException {

	AccountException(String message) {
		super(message, null, false, false);
	}

	/** The session's tokens are gone (expired, revoked, signed out elsewhere): the resident signs in again. */
	static final class SignedOut extends AccountException {

		SignedOut() {
			super("Signed out");
		}

	}

	/** What the page names is not the resident's, or not there. */
	static final class NotFound extends AccountException {

		NotFound() {
			super("Not found");
		}

	}

}
