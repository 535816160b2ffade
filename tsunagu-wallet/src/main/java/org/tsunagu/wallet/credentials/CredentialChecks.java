package org.tsunagu.wallet.credentials;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.tsunagu.wallet.WalletException;

/**
 * A credential checked before the wallet keeps it, in order: parsed with its disclosures committed (by
 * {@link SdJwtVc}), the header's type and the issuer's signature ({@link IssuerKeys}), then the claims the wallet
 * relies on: issued by the issuer of the offer, of the type its configuration names, and valid now.
 *
 * @see <a href="https://datatracker.ietf.org/doc/draft-ietf-oauth-sd-jwt-vc/">SD-JWT VC section 3</a>
 */
final class CredentialChecks {

	/** How far another clock may be ahead of this machine's. */
	static final Duration SKEW = Duration.ofMinutes(1);

	private final IssuerKeys keys;

	private final Clock clock;

	CredentialChecks(IssuerKeys keys, Clock clock) {
		this.keys = keys;
		this.clock = clock;
	}

	/** The credential, once every check holds; the first that fails is the message. */
	SdJwtVc verify(String credential, String issuer, String vct) {
		SdJwtVc parsed = SdJwtVc.parse(credential);
		var type = parsed.jwt().getHeader().getType();
		if (type == null || !IssuerMetadata.FORMAT.equals(type.getType())) {
			throw new WalletException("The credential's header says it is not a " + IssuerMetadata.FORMAT + ".");
		}
		this.keys.verify(parsed.jwt(), issuer, "The credential");
		if (!issuer.equals(parsed.issuer())) {
			throw new WalletException("The credential was issued by another issuer than the offer's.");
		}
		if (!vct.equals(parsed.vct())) {
			throw new WalletException("The credential is of another type (vct) than the issuer's metadata says.");
		}
		Instant now = this.clock.instant();
		if (parsed.expiresAt() != null && !parsed.expiresAt().isAfter(now)) {
			throw new WalletException("The credential has expired already.");
		}
		if (parsed.notBefore() != null && parsed.notBefore().isAfter(now.plus(SKEW))) {
			throw new WalletException("The credential is not valid yet; is this machine's clock right?");
		}
		return parsed;
	}

}
