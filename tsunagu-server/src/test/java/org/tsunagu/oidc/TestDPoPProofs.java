package org.tsunagu.oidc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;
import java.util.function.Consumer;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * DPoP proofs (RFC 9449) for tests that change one part of a proof: the usual header ({@code typ dpop+jwt},
 * ES256, the public key) and claims ({@code jti}, {@code htm}, {@code htu}, {@code iat}, {@code ath} when a token
 * is given), then whatever the test changes, signed by the key.
 */
final class TestDPoPProofs {

	private TestDPoPProofs() {
	}

	static String proof(ECKey key, String method, String url, String accessToken) throws Exception {
		return proof(key, method, url, accessToken, (header) -> {
		}, (claims) -> {
		});
	}

	static String issuedAt(ECKey key, String method, String url, String accessToken, Instant issuedAt) throws Exception {
		return proof(key, method, url, accessToken, (header) -> {
		}, (claims) -> claims.issueTime(Date.from(issuedAt)));
	}

	static String proof(ECKey key, String method, String url, String accessToken, Consumer<JWSHeader.Builder> header,
			Consumer<JWTClaimsSet.Builder> claims) throws Exception {
		JWSHeader.Builder h = new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("dpop+jwt"))
			.jwk(key.toPublicJWK());
		header.accept(h);
		JWTClaimsSet.Builder c = new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString())
			.claim("htm", method)
			.claim("htu", url)
			.issueTime(new Date());
		if (accessToken != null) {
			c.claim("ath", ath(accessToken));
		}
		claims.accept(c);
		SignedJWT jwt = new SignedJWT(h.build(), c.build());
		jwt.sign(new ECDSASigner(key));
		return jwt.serialize();
	}

	static String ath(String accessToken) throws Exception {
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(MessageDigest.getInstance("SHA-256").digest(accessToken.getBytes(StandardCharsets.US_ASCII)));
	}

}
