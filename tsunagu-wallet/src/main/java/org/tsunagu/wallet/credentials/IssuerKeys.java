package org.tsunagu.wallet.credentials;

import java.security.interfaces.ECPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import org.tsunagu.wallet.WalletException;
import tools.jackson.databind.JsonNode;

/**
 * An issuer's signing keys as its JWT VC issuer metadata publishes them ({@code /.well-known/jwt-vc-issuer}, read
 * once per issuer and run): what it signs (credentials, status lists) is checked with the key of the leaf of its
 * {@code x5c}, which must be valid, in order, and one of those keys; or, with no {@code x5c}, the key its
 * {@code kid} names there.
 *
 * @see <a href="https://datatracker.ietf.org/doc/draft-ietf-oauth-sd-jwt-vc/">SD-JWT VC section 4 (issuer metadata)</a>
 */
final class IssuerKeys {

	private final Wire wire;

	private final Clock clock;

	private final Map<String, JWKSet> keys = new HashMap<>();

	IssuerKeys(Wire wire, Clock clock) {
		this.wire = wire;
		this.clock = clock;
	}

	/** Checks that {@code jwt} is signed with ES256 by a key of {@code issuer}. */
	void verify(SignedJWT jwt, String issuer, String what) {
		if (!JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm())) {
			throw new WalletException(what + " is not signed with ES256.");
		}
		ECPublicKey key = key(jwt, issuer, what);
		try {
			if (!jwt.verify(new ECDSAVerifier(key))) {
				throw new WalletException(what + "'s signature does not verify with " + issuer + "'s key.");
			}
		}
		catch (JOSEException ex) {
			throw new WalletException(what + "'s signature does not verify with " + issuer + "'s key.");
		}
	}

	private ECPublicKey key(SignedJWT jwt, String issuer, String what) {
		JWKSet published = published(issuer);
		try {
			if (jwt.getHeader().getX509CertChain() != null) {
				ECKey leaf = ECKey.parse(X509Chains.ordered(jwt.getHeader().getX509CertChain(), this.clock.instant(), what).get(0));
				for (JWK known : published.getKeys()) {
					if (known instanceof ECKey ec && ec.toPublicJWK().computeThumbprint().equals(leaf.computeThumbprint())) {
						return leaf.toECPublicKey();
					}
				}
				throw new WalletException(what + " is signed by a certificate whose key " + issuer
						+ " does not publish at /.well-known/jwt-vc-issuer.");
			}
			JWK named = jwt.getHeader().getKeyID() == null ? null : published.getKeyByKeyId(jwt.getHeader().getKeyID());
			if (named instanceof ECKey ec) {
				return ec.toECPublicKey();
			}
		}
		catch (JOSEException ex) {
			throw new WalletException(what + "'s signing key is not a P-256 key.");
		}
		throw new WalletException(what + " names no key of " + issuer + " (no x5c, no known kid).");
	}

	private JWKSet published(String issuer) {
		JWKSet known = this.keys.get(issuer);
		if (known != null) {
			return known;
		}
		JsonNode metadata = this.wire.getJson(issuer + "'s JWT VC issuer metadata", IssuerMetadata.wellKnown(issuer, "jwt-vc-issuer"));
		if (!issuer.equals(metadata.path("issuer").asString(null))) {
			throw new WalletException("The JWT VC issuer metadata at " + issuer + " names another issuer.");
		}
		JsonNode jwks = metadata.has("jwks") ? metadata.path("jwks")
				: this.wire.getJson(issuer + "'s keys", metadata.path("jwks_uri").asString(null));
		try {
			known = JWKSet.parse(Wire.JSON.writeValueAsString(jwks));
		}
		catch (ParseException ex) {
			throw new WalletException(issuer + "'s published keys are not a JWK set.");
		}
		this.keys.put(issuer, known);
		return known;
	}

}
