package org.tsunagu.wallet.credentials;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * One copy of a credential kept beside the card: shown to one verifier, then deleted, so that two verifiers cannot
 * link what they saw. Its holder key is sealed under the card's authentication PIN; {@link #toString()} names the
 * copy and shows neither the credential nor the key.
 *
 * @param file where it is kept, or {@code null} before it is
 * @param configuration the issuer's credential configuration id, such as {@code tsunagu_age}
 * @param name the configuration's name in the issuer's metadata
 * @param expiresAt when it expires, or {@code null} if it does not say
 * @param claims the names of its claims ({@code address.locality} for a member)
 * @param credential the SD-JWT as issued
 * @param sealedHolderKey the holder's private key, sealed as the card seals its own
 */
public record StoredCredential(Path file, String configuration, String name, String issuer, String vct,
		Instant expiresAt, Instant receivedAt, List<String> claims, String credential, byte[] sealedHolderKey) {

	/** Whether it has expired at {@code now}. */
	public boolean expired(Instant now) {
		return this.expiresAt != null && !now.isBefore(this.expiresAt);
	}

	StoredCredential at(Path file) {
		return new StoredCredential(file, this.configuration, this.name, this.issuer, this.vct, this.expiresAt,
				this.receivedAt, this.claims, this.credential, this.sealedHolderKey);
	}

	@Override
	public String toString() {
		return "StoredCredential[" + this.configuration + (this.file == null ? "" : ", " + this.file.getFileName()) + "]";
	}

}
