package org.tsunagu.oidc;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsunagu.TestApi;
import org.tsunagu.TsunaguTest;
import org.tsunagu.registry.TestResidents;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request-object modules of {@code fapi2-message-signing-final-test-plan} (openid-certification/conformance-suite,
 * variant {@code signed_non_repudiation}), each named after its module: signed request objects pushed to PAR, their
 * parameters the only ones used, and every rule of RFC 9101 and FAPI 2.0 Message Signing a broken object fails.
 */
@TsunaguTest
class MessageSigningConformanceTest {

	@Autowired
	TestApi api;

	@TempDir
	Path dir;

	TestRelyingParty rp;

	TestBrowser browser;

	@BeforeEach
	void setUp() throws Exception {
		this.rp = TestRelyingParty.register(this.api, "[\"openid\",\"profile\"]", "high", null);
		this.browser = new TestBrowser(this.rp.issuer);
	}

	private HttpResponse<String> push(java.util.function.Consumer<JWTClaimsSet.Builder> change) throws Exception {
		return TestRequestObjects.push(this.rp, TestRequestObjects.signed(this.rp, this.rp.clientKey,
				this.rp.authorizationParameters(TestRelyingParty.Pkce.create(), "openid profile"), change));
	}

	private static void assertRefused(HttpResponse<String> refused, String what) {
		assertThat(refused.statusCode()).as(what + ": " + refused.body()).isEqualTo(400);
		assertThat(refused.body()).as(what).contains("invalid_request_object").doesNotContain("\"request_uri\"");
	}

	@Test
	@DisplayName("fapi2-security-profile-final-happy-flow (signed_non_repudiation) / fapi2-security-profile-final-discovery-end-point-verification: a signed request object through the whole flow; discovery lists ES256 and PS256 for request objects")
	void signInWhenRequestObjectSignedThenTheWholeFlowSucceeds() throws Exception {
		JsonNode discovery = this.api.get("/.well-known/openid-configuration").jsonBody();
		assertThat(discovery.get("request_object_signing_alg_values_supported").toString()).isEqualTo("[\"ES256\",\"PS256\"]");
		TestCards card = TestCards.issue(this.api, TestResidents.katsuko(), this.dir);
		TestRelyingParty.Pkce pkce = TestRelyingParty.Pkce.create();
		Map<String, String> request = this.rp.authorizationParameters(pkce, "openid profile");
		request.put("dpop_jkt", this.rp.dpopKey.computeThumbprint().toString());
		HttpResponse<String> pushed = TestRequestObjects.push(this.rp, TestRequestObjects.signed(this.rp, request));
		assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);
		Map<String, String> back = SignInFlows.signInAt(this.browser, this.rp, card,
				TestRelyingParty.json(pushed).get("request_uri").asString(), "", List.of("profile"));
		assertThat(back).containsEntry("state", request.get("state")).containsEntry("iss", this.rp.issuer);
		// the object's dpop_jkt binds the code
		assertThat(SignInFlows.exchange(this.rp, back, pkce, new ECKeyGenerator(Curve.P_256).generate()).body()).contains("invalid_dpop_proof");
		HttpResponse<String> tokens = SignInFlows.exchange(this.rp, back, pkce, this.rp.dpopKey);
		assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
		JsonNode answer = TestRelyingParty.json(tokens);
		assertThat(TestRelyingParty.claims(answer.get("id_token").asString())).containsEntry("nonce", request.get("nonce"));
		assertThat(this.rp.getWithDpop("/userinfo", answer.get("access_token").asString()).statusCode()).isEqualTo(200);
	}

	@Test
	@DisplayName("fapi2-security-profile-final-ensure-different-nonce-inside-and-outside-request-object / fapi2-security-profile-final-ensure-different-state-inside-and-outside-request-object / fapi2-security-profile-final-state-only-outside-request-object-not-used (signed_non_repudiation): only the object's parameters count")
	void pushWhenParametersOutsideTheObjectThenIgnored() throws Exception {
		TestCards card = TestCards.issue(this.api, TestResidents.katsuko(), this.dir);
		TestRelyingParty.Pkce pkce = TestRelyingParty.Pkce.create();
		Map<String, String> inside = this.rp.authorizationParameters(pkce, "openid profile");
		inside.remove("state");
		Map<String, String> form = new LinkedHashMap<>(Map.of("client_id", this.rp.clientId, "request",
				TestRequestObjects.signed(this.rp, inside), "state", "outside", "nonce", "outside", "scope", "openid"));
		HttpResponse<String> pushed = this.rp.par(form);
		assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);
		Map<String, String> back = SignInFlows.signInAt(this.browser, this.rp, card,
				TestRelyingParty.json(pushed).get("request_uri").asString(), "&state=outside&nonce=outside", List.of("profile"));
		assertThat(back).doesNotContainKey("state").containsKey("code");
		Map<String, Object> id = TestRelyingParty.claims(
				TestRelyingParty.json(SignInFlows.exchange(this.rp, back, pkce, this.rp.dpopKey)).get("id_token").asString());
		assertThat(id).containsEntry("nonce", inside.get("nonce"));
	}

	@Test
	@DisplayName("fapi2-security-profile-final-ensure-request-object-with-multiple-aud-succeeds / fapi2-security-profile-final-ensure-request-object-with-nbf-8-seconds-in-the-future-is-accepted")
	void pushWhenAudienceIsAmongOthersOrNbfSlightlyAheadThenAccepted() throws Exception {
		HttpResponse<String> multiple = push((c) -> c.audience(List.of(this.rp.issuer, "https://other.example")));
		assertThat(multiple.statusCode()).as(multiple.body()).isEqualTo(201);
		Date ahead = Date.from(Instant.now().plusSeconds(8));
		HttpResponse<String> early = push((c) -> c.notBeforeTime(ahead).issueTime(ahead));
		assertThat(early.statusCode()).as(early.body()).isEqualTo(201);
	}

	@Test
	@DisplayName("fapi2-security-profile-final-ensure-request-object-without-exp-fails / fapi2-security-profile-final-ensure-request-object-without-nbf-fails / fapi2-security-profile-final-ensure-expired-request-object-fails / fapi2-security-profile-final-ensure-request-object-with-bad-aud-fails / fapi2-security-profile-final-ensure-request-object-with-exp-over-60-fails / fapi2-security-profile-final-ensure-request-object-with-nbf-over-60-fails / fapi2-security-profile-final-par-authorization-request-containing-request_uri")
	void pushWhenObjectBreaksARuleThenRefused() throws Exception {
		Instant now = Instant.now();
		assertRefused(push((c) -> c.expirationTime(null)), "no exp");
		assertRefused(push((c) -> c.notBeforeTime(null)), "no nbf");
		assertRefused(push((c) -> c.notBeforeTime(Date.from(now.minusSeconds(600))).expirationTime(Date.from(now.minusSeconds(60)))), "expired");
		assertRefused(push((c) -> c.audience("https://other.example")), "bad aud");
		assertRefused(push((c) -> c.expirationTime(Date.from(now.plusSeconds(61 * 60)))), "exp 61 minutes after nbf");
		assertRefused(push((c) -> c.notBeforeTime(Date.from(now.minusSeconds(61 * 60)))), "nbf 61 minutes ago");
		assertRefused(push((c) -> c.claim("request_uri", "urn:ietf:params:oauth:request_uri:x")), "request_uri inside");
		assertRefused(push((c) -> c.issuer("another-client")), "another iss");
	}

	@Test
	@DisplayName("fapi2-security-profile-final-ensure-request-object-signature-algorithm-is-not-none / fapi2-security-profile-final-ensure-request-object-with-invalid-signature-fails / fapi2-security-profile-final-ensure-matching-key-in-authorization-request")
	void pushWhenObjectIsUnsignedOrBadlySignedThenRefused() throws Exception {
		Map<String, String> parameters = this.rp.authorizationParameters(TestRelyingParty.Pkce.create(), "openid profile");
		String good = TestRequestObjects.signed(this.rp, parameters);
		SignedJWT parsed = SignedJWT.parse(good);
		assertRefused(TestRequestObjects.push(this.rp, new PlainJWT(parsed.getJWTClaimsSet()).serialize()), "alg none");
		String none = Base64URL.encode("{\"alg\":\"none\"}") + "." + parsed.getPayload().toBase64URL() + ".";
		assertRefused(TestRequestObjects.push(this.rp, none), "alg none, hand-made");
		assertRefused(TestRequestObjects.push(this.rp, good.substring(0, good.lastIndexOf('.') + 1)
				+ Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[64])), "zero signature");
		TestRelyingParty other = TestRelyingParty.register(this.api, "[\"openid\",\"profile\"]", "high", null);
		ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID(this.rp.clientKey.getKeyID()).generate();
		assertRefused(TestRequestObjects.push(this.rp, TestRequestObjects.signed(this.rp, other.clientKey, parameters, (c) -> {
		})), "another client's key");
		assertRefused(TestRequestObjects.push(this.rp, TestRequestObjects.signed(this.rp, stranger, parameters, (c) -> {
		})), "a stranger's key under this client's kid");
		Map<String, String> noRedirect = new LinkedHashMap<>(parameters);
		noRedirect.remove("redirect_uri");
		HttpResponse<String> refused = TestRequestObjects.push(this.rp, TestRequestObjects.signed(this.rp, noRedirect));
		assertThat(refused.statusCode()).as("no redirect_uri").isEqualTo(400);
		assertThat(refused.body()).doesNotContain("request_uri\"");
	}

	@Test
	@DisplayName("fapi2-security-profile-final-ensure-signed-request-object-with-RS256-fails: RS256 by a registered RSA key is refused, PS256 accepted")
	void pushWhenObjectIsRs256ThenRefused() throws Exception {
		ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("ec-" + UUID.randomUUID()).generate();
		RSAKey rsa = new RSAKeyGenerator(2048).keyID("rsa-" + UUID.randomUUID()).generate();
		TestRelyingParty insurer = registered(ec, rsa, null);
		Map<String, String> parameters = insurer.authorizationParameters(TestRelyingParty.Pkce.create(), "openid profile");
		assertRefused(TestRequestObjects.push(insurer, rsaSigned(insurer, rsa, JWSAlgorithm.RS256, parameters)), "RS256");
		HttpResponse<String> ps256 = TestRequestObjects.push(insurer, rsaSigned(insurer, rsa, JWSAlgorithm.PS256, parameters));
		assertThat(ps256.statusCode()).as(ps256.body()).isEqualTo(201);
	}

	@Test
	@DisplayName("fapi2-security-profile-final-ensure-unsigned-request-at-par-endpoint-fails: a service registered for signed request objects only has a plain push refused")
	void pushWhenPlainButSignedObjectsRequiredThenRefused() throws Exception {
		ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("ec-" + UUID.randomUUID()).generate();
		TestRelyingParty strict = registered(ec, null, "\"requireSignedRequestObject\":true");
		Map<String, String> parameters = strict.authorizationParameters(TestRelyingParty.Pkce.create(), "openid profile");
		assertRefused(strict.par(parameters), "a plain push");
		HttpResponse<String> signed = TestRequestObjects.push(strict, TestRequestObjects.signed(strict, parameters));
		assertThat(signed.statusCode()).as(signed.body()).isEqualTo(201);
		// another service, registered without the setting, still pushes plain requests
		assertThat(this.rp.par(this.rp.authorizationParameters(TestRelyingParty.Pkce.create(), "openid profile")).statusCode())
			.isEqualTo(201);
	}

	private TestRelyingParty registered(ECKey ec, RSAKey rsa, String extra) throws Exception {
		String keys = ec.toPublicJWK().toJSONString() + (rsa == null ? "" : "," + rsa.toPublicJWK().toJSONString());
		TestApi.Response registered = this.api.postJson("/api/v1/relying-parties", """
				{"name":{"en":"Ume Insurance","ja":"梅保険"},"kind":"private","sectorIdentifier":"https://ume-insurance.example",
				 "redirectUris":["%s"],"jwks":{"keys":[%s]},"scopes":["openid","profile"],"maxAssurance":"high",
				 "policyUrl":"https://ume-insurance.example/privacy"%s}"""
			.formatted(TestRelyingParty.REDIRECT, keys, extra == null ? "" : "," + extra));
		assertThat(registered.status()).as(registered.body()).isEqualTo(201);
		return TestRelyingParty.of(this.api, ec, registered.jsonBody().get("clientId").asString());
	}

	private static String rsaSigned(TestRelyingParty client, RSAKey key, JWSAlgorithm algorithm, Map<String, String> parameters)
			throws Exception {
		Instant now = Instant.now();
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(client.clientId).audience(client.issuer)
			.notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)));
		parameters.forEach(claims::claim);
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).build(), claims.build());
		jwt.sign(new RSASSASigner(key));
		return jwt.serialize();
	}

}
