package org.tsunagu.wallet.credentials;

import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.util.Date;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * The holder's two signatures: the proof of possession of a new holder key that the issuer binds a copy to
 * ({@code openid4vci-proof+jwt}: the public key in {@code jwk}, {@code aud} the issuer, {@code iat}, the
 * {@code c_nonce}; no {@code iss}, the wallet being anonymous on the pre-authorized code grant), and the key binding
 * JWT of a presentation ({@code kb+jwt}).
 *
 * @see <a href="https://openid.net/specs/openid-4-verifiable-credential-issuance-1_0.html#appendix-F.1">OpenID4VCI 1.0 appendix F.1</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9901#section-4.3">RFC 9901 section 4.3</a>
 */
final class HolderProofs {

	private final Clock clock;

	HolderProofs(Clock clock) {
		this.clock = clock;
	}

	/** A proof of possession of {@code key} for {@code issuer}, answering {@code nonce} when there is one. */
	String proof(KeyPair key, String issuer, String nonce) {
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().audience(issuer).issueTime(Date.from(this.clock.instant()));
		if (nonce != null) {
			claims.claim("nonce", nonce);
		}
		ECKey jwk = new ECKey.Builder(Curve.P_256, (ECPublicKey) key.getPublic()).build();
		return sign(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("openid4vci-proof+jwt")).jwk(jwk).build(),
				claims.build(), (ECPrivateKey) key.getPrivate());
	}

	/**
	 * The key binding JWT of a presentation: for this verifier ({@code aud}) and request ({@code nonce}), now, over
	 * exactly the presented disclosures ({@code sd_hash} of the presentation up to and including its last {@code ~}).
	 */
	String keyBinding(ECPrivateKey holderKey, String presented, String audience, String nonce) {
		JWTClaimsSet claims = new JWTClaimsSet.Builder().audience(audience)
			.issueTime(Date.from(this.clock.instant()))
			.claim("nonce", nonce)
			.claim("sd_hash", DpopKey.sha256(presented))
			.build();
		return sign(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("kb+jwt")).build(), claims, holderKey);
	}

	private static String sign(JWSHeader header, JWTClaimsSet claims, ECPrivateKey key) {
		SignedJWT jwt = new SignedJWT(header, claims);
		try {
			jwt.sign(new ECDSASigner(key));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("The holder key cannot sign", ex);
		}
		return jwt.serialize();
	}

}
