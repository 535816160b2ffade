package org.tsunagu.wallet.credentials;

import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.authlete.sd.Disclosure;
import com.authlete.sd.SDJWT;
import com.authlete.sd.SDObjectBuilder;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * An issuer of SD-JWT VCs for tests, as the platform issues them: every claim in a disclosure of its own, an
 * object's members disclosable one by one inside it, decoy digests, the holder key in {@code cnf}. The persona is
 * 髙橋 葛子, born 2 April 1984.
 */
final class TestIssuers {

	static final String ISSUER = "https://issuer.example";

	static final String AGE = ISSUER + "/credentials/types/age";

	static final String PID = ISSUER + "/credentials/types/pid";

	private TestIssuers() {
	}

	/** Katsuko's age credential. */
	static Map<String, Object> katsukoAge() {
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("age_over_18", true);
		claims.put("age_over_20", true);
		claims.put("age_over_65", false);
		return claims;
	}

	/** Katsuko's person identification credential, with her address as an object of disclosable members. */
	static Map<String, Object> katsukoPid() {
		Map<String, Object> address = new LinkedHashMap<>();
		address.put("formatted", "東京都千代田区有楽町1-1");
		address.put("region", "東京都");
		address.put("locality", "千代田区");
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("family_name", "髙橋");
		claims.put("given_name", "葛子");
		claims.put("birthdate", "1984-04-02");
		claims.put("address", address);
		return claims;
	}

	/** An SD-JWT VC of {@code vct} for {@code holder}, issued as {@code id}, signed by {@code issuer} (its certificate in x5c). */
	static String issue(TestCertificates.Issued issuer, String id, String vct, Map<String, Object> claims, KeyPair holder,
			Instant expires) {
		List<Disclosure> disclosures = new ArrayList<>();
		SDObjectBuilder top = new SDObjectBuilder();
		for (Map.Entry<String, Object> claim : claims.entrySet()) {
			Object value = claim.getValue();
			if (value instanceof Map<?, ?> members) {
				SDObjectBuilder inner = new SDObjectBuilder();
				members.forEach((name, member) -> disclosures.add(inner.putSDClaim(String.valueOf(name), member)));
				inner.putDecoyDigests(2);
				value = inner.build();
			}
			disclosures.add(top.putSDClaim(claim.getKey(), value));
		}
		top.putDecoyDigests(2);
		JWTClaimsSet.Builder payload = new JWTClaimsSet.Builder();
		top.build(true).forEach(payload::claim);
		Instant now = Instant.now();
		payload.issuer(id)
			.issueTime(java.util.Date.from(now))
			.expirationTime(java.util.Date.from(expires))
			.claim("vct", vct)
			.claim("cnf", Map.of("jwk", new ECKey.Builder(Curve.P_256, (ECPublicKey) holder.getPublic()).build().toJSONObject()))
			.claim("status", Map.of("status_list", Map.of("idx", 7, "uri", id + "/credentials/status/1")));
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("dc+sd-jwt"))
			.x509CertChain(List.of(issuer.der()))
			.build(), payload.build());
		try {
			jwt.sign(new ECDSASigner((ECPrivateKey) issuer.key().getPrivate()));
		}
		catch (com.nimbusds.jose.JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return new SDJWT(jwt.serialize(), disclosures).toString();
	}

	static String issue(TestCertificates.Issued issuer, String vct, Map<String, Object> claims, KeyPair holder) {
		return issue(issuer, ISSUER, vct, claims, holder, Instant.now().plus(Duration.ofDays(30)));
	}

}
