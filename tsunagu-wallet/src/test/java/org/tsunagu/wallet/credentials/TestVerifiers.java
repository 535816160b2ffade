package org.tsunagu.wallet.credentials;

import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Verifiers for tests: the platform's CA, and a verifier service under it at {@code localhost} asking for a shop,
 * Sakura Liquor, whether the holder is over 20.
 */
final class TestVerifiers {

	static final TestCertificates.Issued CA = TestCertificates.ca("Tsunagu Test CA");

	static final TestCertificates.Issued LOCALHOST = TestCertificates.service(CA, "Tsunagu verifier", "localhost");

	static final String CLIENT_ID = "x509_san_dns:localhost";

	static final String OVER_20 = """
			{"credentials":[{"id":"age","format":"dc+sd-jwt","meta":{"vct_values":["%s"]},"claims":[{"path":["age_over_20"]}]}]}"""
		.formatted(TestIssuers.AGE);

	private TestVerifiers() {
	}

	/** The claims of Sakura Liquor's request, answered at {@code responseUri}. */
	static JWTClaimsSet.Builder sakuraAsks(String responseUri, String dcql) {
		return new JWTClaimsSet.Builder().issuer(CLIENT_ID)
			.audience("https://self-issued.me/v2")
			.issueTime(new Date())
			.expirationTime(Date.from(Instant.now().plus(Duration.ofMinutes(5))))
			.claim("client_id", CLIENT_ID)
			.claim("response_type", "vp_token")
			.claim("response_mode", "direct_post")
			.claim("response_uri", responseUri)
			.claim("nonce", "n-0S6_WzA2Mj")
			.claim("state", "st-8a1c")
			.claim("dcql_query", Wire.JSON.readValue(dcql, Map.class))
			.claim("client_metadata", Map.of("client_name", "Sakura Liquor"));
	}

	/** A request object signed by {@code signer}, its certificate then the CA's in x5c. */
	static String sign(TestCertificates.Issued signer, JWTClaimsSet claims) {
		return sign(signer, CA, claims);
	}

	/** A request object signed by {@code signer}, its certificate then {@code ca}'s in x5c. */
	static String sign(TestCertificates.Issued signer, TestCertificates.Issued ca, JWTClaimsSet claims) {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("oauth-authz-req+jwt"))
			.x509CertChain(List.of(signer.der(), ca.der()))
			.build(), claims);
		try {
			jwt.sign(new ECDSASigner((ECPrivateKey) signer.key().getPrivate()));
		}
		catch (com.nimbusds.jose.JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

}
