package org.tsunagu.portal.internal;

import java.io.Serial;
import java.io.Serializable;
import java.time.Instant;

/**
 * What the account keeps in the HTTP session once the resident has signed in: the tokens the provider issued to
 * the account (DPoP-bound, so useless without the key beside them), the ID token for logout, and how the resident
 * signed in. Nothing personal: names and records are read from the API for each page.
 */
record AccountSession(String issuer, String accessToken, String refreshToken, Instant accessExpires, String dpopKey,
		String idToken, String acr, String amr, Instant signedInAt) implements Serializable {

	@Serial
	private static final long serialVersionUID = 1L;

	static final String ATTRIBUTE = "tsunagu.account";

	static final String PENDING = "tsunagu.account.pending";

	AccountSession refreshed(String access, String refresh, Instant expires) {
		return new AccountSession(this.issuer, access, refresh, expires, this.dpopKey, this.idToken, this.acr, this.amr,
				this.signedInAt);
	}

	/** The level the sign-in reached, as the pages name it: high (card) or substantial (passkey). */
	String level() {
		return this.acr == null ? "low" : this.acr.substring(this.acr.lastIndexOf(':') + 1);
	}

	@Override
	public String toString() {
		return "AccountSession[acr=" + this.acr + ", tokens=redacted]";
	}

	/** A sign-in under way: what the callback checks. */
	record Pending(String state, String nonce, String verifier, String dpopKey, String redirectUri, String issuer,
			String returnTo) implements Serializable {

		@Serial
		private static final long serialVersionUID = 1L;

		@Override
		public String toString() {
			return "Pending[redacted]";
		}

	}

}
