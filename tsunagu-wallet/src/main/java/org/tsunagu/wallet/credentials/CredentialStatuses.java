package org.tsunagu.wallet.credentials;

import java.net.http.HttpClient;
import java.time.Clock;

import org.tsunagu.wallet.WalletException;

/**
 * The status of kept copies in their issuers' Token Status Lists, in words: each list read once, checked as
 * {@link StatusLists} says; a list that cannot be had or checked makes the status unknown rather than valid.
 */
public final class CredentialStatuses {

	private final StatusLists lists;

	public CredentialStatuses(HttpClient http, Clock clock) {
		Wire wire = new Wire(http);
		this.lists = new StatusLists(wire, new IssuerKeys(wire, clock), clock);
	}

	/** {@code valid}, {@code revoked}, {@code suspended}, {@code status N}, or {@code unknown (why)}. */
	public String of(StoredCredential copy) {
		try {
			SdJwtVc credential = SdJwtVc.parse(copy.credential());
			return credential.status().map((entry) -> this.lists.status(copy.issuer(), entry)).map((status) -> switch (status) {
				case StatusLists.VALID -> "valid";
				case 1 -> "revoked";
				case 2 -> "suspended";
				default -> "status " + status;
			}).orElse("no status list");
		}
		catch (WalletException ex) {
			return "unknown (" + ex.getMessage() + ")";
		}
	}

}
