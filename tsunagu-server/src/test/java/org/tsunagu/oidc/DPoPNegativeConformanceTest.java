package org.tsunagu.oidc;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsunagu.TestApi;
import org.tsunagu.TsunaguTest;
import org.tsunagu.registry.TestResidents;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code fapi2-security-profile-final-dpop-negative-tests} (openid-certification/conformance-suite) step by step, at
 * the userinfo endpoint: every broken proof the module sends is refused, and the proofs it expects to be accepted
 * (a query or fragment in {@code htu}, the scheme and host in upper case, extra header members and claims, the
 * header's name in upper case) are accepted.
 */
@TsunaguTest
class DPoPNegativeConformanceTest {

	@Autowired
	TestApi api;

	@TempDir
	Path dir;

	TestRelyingParty rp;

	String token;

	String url;

	@BeforeEach
	void setUp() throws Exception {
		this.rp = TestRelyingParty.register(this.api, "[\"openid\",\"profile\"]", "high", null);
		TestCards card = TestCards.issue(this.api, TestResidents.katsuko(), this.dir);
		TestRelyingParty.Pkce pkce = TestRelyingParty.Pkce.create();
		Map<String, String> back = SignInFlows.signIn(new TestBrowser(this.rp.issuer), this.rp, card,
				this.rp.authorizationParameters(pkce, "openid profile"), List.of("profile"));
		this.token = TestRelyingParty.json(SignInFlows.exchange(this.rp, back, pkce, this.rp.dpopKey)).get("access_token").asString();
		this.url = this.rp.issuer + "/userinfo";
	}

	private int call(String scheme, Map<String, List<String>> headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.url)).header("Authorization", scheme + " " + this.token);
		headers.forEach((name, values) -> values.forEach((value) -> request.header(name, value)));
		return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
	}

	private int call(String proof) throws Exception {
		return call("DPoP", Map.of("DPoP", List.of(proof)));
	}

	private String proof() throws Exception {
		return TestDPoPProofs.proof(this.rp.dpopKey, "GET", this.url, this.token);
	}

	private String withClaims(java.util.function.Consumer<com.nimbusds.jwt.JWTClaimsSet.Builder> claims) throws Exception {
		return TestDPoPProofs.proof(this.rp.dpopKey, "GET", this.url, this.token, (header) -> {
		}, claims);
	}

	private String withHeader(java.util.function.Consumer<JWSHeader.Builder> header) throws Exception {
		return TestDPoPProofs.proof(this.rp.dpopKey, "GET", this.url, this.token, header, (claims) -> {
		});
	}

	/** A proof from raw JSON, signed by the DPoP key: for headers the JOSE library would not build. */
	private String raw(String header, String payload) throws Exception {
		Base64URL h = Base64URL.encode(header.getBytes(StandardCharsets.UTF_8));
		Base64URL p = Base64URL.encode(payload.getBytes(StandardCharsets.UTF_8));
		byte[] input = (h + "." + p).getBytes(StandardCharsets.US_ASCII);
		return h + "." + p + "." + new ECDSASigner(this.rp.dpopKey).sign(new JWSHeader(JWSAlgorithm.ES256), input);
	}

	private String payload() throws Exception {
		return "{\"jti\":\"" + java.util.UUID.randomUUID() + "\",\"htm\":\"GET\",\"htu\":\"" + this.url + "\",\"iat\":"
				+ Instant.now().getEpochSecond() + ",\"ath\":\"" + TestDPoPProofs.ath(this.token) + "\"}";
	}

	@Test
	@DisplayName("fapi2-security-profile-final-dpop-negative-tests: every broken proof is refused")
	void resourceWhenProofIsBrokenThenRefused() throws Exception {
		String jwk = this.rp.dpopKey.toPublicJWK().toJSONString();
		Map<String, String> broken = new LinkedHashMap<>();
		broken.put("not a JWT", "not-a-jwt");
		broken.put("no typ", withHeader((h) -> h.type(null)));
		broken.put("typ jwt", withHeader((h) -> h.type(JOSEObjectType.JWT)));
		broken.put("no alg", raw("{\"typ\":\"dpop+jwt\",\"jwk\":" + jwk + "}", payload()));
		broken.put("alg none", Base64URL.encode("{\"alg\":\"none\",\"typ\":\"dpop+jwt\",\"jwk\":" + jwk + "}") + "."
				+ Base64URL.encode(payload()) + ".");
		broken.put("no jwk", withHeader((h) -> h.jwk(null)));
		broken.put("private key in jwk", raw("{\"alg\":\"ES256\",\"typ\":\"dpop+jwt\",\"jwk\":" + this.rp.dpopKey.toJSONString() + "}", payload()));
		String good = proof();
		broken.put("bad signature", good.substring(0, good.lastIndexOf('.') + 1)
				+ Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[64]));
		broken.put("no jti", withClaims((c) -> c.jwtID(null)));
		broken.put("no htm", withClaims((c) -> c.claim("htm", null)));
		broken.put("no htu", withClaims((c) -> c.claim("htu", null)));
		broken.put("no iat", withClaims((c) -> c.issueTime(null)));
		broken.put("no ath", TestDPoPProofs.proof(this.rp.dpopKey, "GET", this.url, null));
		broken.put("htm POST", TestDPoPProofs.proof(this.rp.dpopKey, "POST", this.url, this.token));
		broken.put("another htu", TestDPoPProofs.proof(this.rp.dpopKey, "GET", this.rp.issuer + "/oauth2/token", this.token));
		broken.put("iat an hour ago", withClaims((c) -> c.issueTime(Date.from(Instant.now().minusSeconds(3600)))));
		broken.put("iat in an hour", withClaims((c) -> c.issueTime(Date.from(Instant.now().plusSeconds(3600)))));
		broken.put("wrong ath", TestDPoPProofs.proof(this.rp.dpopKey, "GET", this.url, this.token + "x"));
		ECKey other = new ECKeyGenerator(Curve.P_256).generate();
		broken.put("another key", TestDPoPProofs.proof(other, "GET", this.url, this.token));
		for (Map.Entry<String, String> each : broken.entrySet()) {
			assertThat(call(each.getValue())).as(each.getKey()).isIn(400, 401);
		}
		assertThat(call("DPoP", Map.of("DPoP", List.of(proof(), proof())))).as("two proofs").isIn(400, 401);
		assertThat(call("DPoP", Map.of())).as("no proof").isIn(400, 401);
		assertThat(call("Bearer", Map.of())).as("as a bearer token").isIn(400, 401);
		assertThat(call("Bearer", Map.of("DPoP", List.of(proof())))).as("bearer scheme with a proof").isIn(400, 401);
		String once = proof();
		assertThat(call(once)).as("first use").isEqualTo(200);
		assertThat(call(once)).as("reused jti").isIn(400, 401);
	}

	@Test
	@DisplayName("fapi2-security-profile-final-dpop-negative-tests: htu with a query or fragment, scheme and host in upper case, extra members, the header name in upper case are accepted")
	void resourceWhenProofVariesOnlyInFormThenAccepted() throws Exception {
		assertThat(call(TestDPoPProofs.proof(this.rp.dpopKey, "GET", this.url + "?a=b#c", this.token))).as("query and fragment").isEqualTo(200);
		assertThat(call(TestDPoPProofs.proof(this.rp.dpopKey, "GET", this.url + "#c", this.token))).as("fragment").isEqualTo(200);
		URI parsed = URI.create(this.url);
		String upper = parsed.getScheme().toUpperCase() + "://" + parsed.getHost().toUpperCase() + ":" + parsed.getPort() + parsed.getPath();
		assertThat(call(TestDPoPProofs.proof(this.rp.dpopKey, "GET", upper, this.token))).as("upper case").isEqualTo(200);
		assertThat(call(TestDPoPProofs.proof(this.rp.dpopKey, "GET", this.url, this.token, (h) -> h.customParam("extra", "x"),
				(c) -> c.claim("extra", "y")))).as("extra members").isEqualTo(200);
		assertThat(call("DPoP", Map.of("DPOP", List.of(proof())))).as("header name in upper case").isEqualTo(200);
		// the query cannot name another resource
		assertThat(call(TestDPoPProofs.proof(this.rp.dpopKey, "GET", this.rp.issuer + "/other?x=/userinfo", this.token)))
			.as("another path").isEqualTo(401);
	}

}
