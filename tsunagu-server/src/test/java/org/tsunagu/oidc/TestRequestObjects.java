package org.tsunagu.oidc;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * Signed request objects (RFC 9101) as a FAPI 2.0 Message Signing client makes them: the authorization request's
 * parameters as claims, {@code iss} the client, {@code aud} the issuer, {@code nbf} now and {@code exp} five minutes
 * on, signed ES256 with the client's key; a test then changes one claim.
 */
final class TestRequestObjects {

	private TestRequestObjects() {
	}

	static String signed(TestRelyingParty rp, Map<String, String> parameters) throws Exception {
		return signed(rp, rp.clientKey, parameters, (claims) -> {
		});
	}

	static String signed(TestRelyingParty rp, ECKey key, Map<String, String> parameters, Consumer<JWTClaimsSet.Builder> change)
			throws Exception {
		Instant now = Instant.now();
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(rp.clientId)
			.audience(rp.issuer)
			.jwtID(UUID.randomUUID().toString())
			.issueTime(Date.from(now))
			.notBeforeTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(300)));
		parameters.forEach(claims::claim);
		change.accept(claims);
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID())
			.type(new JOSEObjectType("oauth-authz-req+jwt"))
			.build(), claims.build());
		jwt.sign(new ECDSASigner(key));
		return jwt.serialize();
	}

	/** Pushes {@code object} as the suite does: the request parameter, the client id and the client's assertion. */
	static HttpResponse<String> push(TestRelyingParty rp, String object) throws Exception {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("client_id", rp.clientId);
		form.put("request", object);
		return rp.par(form);
	}

}
