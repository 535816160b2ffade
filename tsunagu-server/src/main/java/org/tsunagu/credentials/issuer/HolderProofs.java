package org.tsunagu.credentials.issuer;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.tsunagu.platform.CryptoProviders;

/**
 * Proofs of possession of the holder's key ({@code openid4vci-proof+jwt}, OpenID4VCI appendix F.1): ES256 only,
 * the key in {@code jwk} (a public P-256 key and nothing else: no {@code kid}, no {@code x5c}), signed by it, for
 * this issuer ({@code aud}), fresh ({@code iat} at most {@link #MAX_AGE} old and not ahead), and answering a nonce
 * of this issuer's.
 */
final class HolderProofs {

	static final String TYPE = "openid4vci-proof+jwt";

	static final Duration MAX_AGE = Duration.ofMinutes(5);

	static final Duration MAX_AHEAD = Duration.ofSeconds(10);

	private HolderProofs() {
	}

	/** A proof checked: the key to bind and the nonce it answers (still to be consumed). */
	record Proof(ECKey holderKey, String nonce) {
	}

	/** Why a proof is refused; the message names the rule, never the proof. */
	static final class Invalid extends Exception {

		Invalid(String message) {
			super(message, null, false, false);
		}

	}

	static Proof verify(String proof, String issuer, Instant now) throws Invalid {
		SignedJWT jwt;
		JWTClaimsSet claims;
		try {
			jwt = SignedJWT.parse(proof);
			claims = jwt.getJWTClaimsSet();
		}
		catch (ParseException | RuntimeException ex) {
			throw new Invalid("The proof is not a signed JWT.");
		}
		JWSHeader header = jwt.getHeader();
		if (header.getType() == null || !TYPE.equals(header.getType().getType())) {
			throw new Invalid("The proof's typ is " + TYPE + ".");
		}
		if (!JWSAlgorithm.ES256.equals(header.getAlgorithm())) {
			throw new Invalid("The proof is signed with ES256.");
		}
		JWK jwk = header.getJWK();
		if (!(jwk instanceof ECKey key) || !Curve.P_256.equals(key.getCurve()) || key.isPrivate()
				|| header.getKeyID() != null || header.getX509CertChain() != null) {
			throw new Invalid("The proof carries the holder's public P-256 key in jwk, and no kid or x5c.");
		}
		try {
			ECDSAVerifier verifier = new ECDSAVerifier(key);
			verifier.getJCAContext().setProvider(CryptoProviders.ecdsa());
			if (!jwt.verify(verifier)) {
				throw new Invalid("The proof's signature does not verify with its key.");
			}
		}
		catch (JOSEException ex) {
			throw new Invalid("The proof's signature does not verify with its key.");
		}
		List<String> audience = claims.getAudience();
		if (audience == null || audience.size() != 1 || !issuer.equals(audience.get(0))) {
			throw new Invalid("The proof's aud is this credential issuer, " + issuer + ".");
		}
		Date iat = claims.getIssueTime();
		if (iat == null || iat.toInstant().isBefore(now.minus(MAX_AGE)) || iat.toInstant().isAfter(now.plus(MAX_AHEAD))) {
			throw new Invalid("The proof's iat is missing, older than " + MAX_AGE.toMinutes() + " minutes, or ahead of this server's clock.");
		}
		Object nonce = claims.getClaim("nonce");
		if (!(nonce instanceof String n) || n.isEmpty() || n.length() > 100) {
			throw new Invalid("The proof carries the nonce from the nonce endpoint.");
		}
		return new Proof(key.toPublicJWK(), n);
	}

}
