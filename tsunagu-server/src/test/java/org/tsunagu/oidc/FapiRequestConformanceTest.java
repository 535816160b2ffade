package org.tsunagu.oidc;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
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
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
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
 * Modules of {@code fapi2-security-profile-final-test-plan} about what the provider takes from where: parameters
 * outside the pushed request are ignored, a pushed request can be opened again until the sign-in completes, a
 * client is the one its assertion's key belongs to, and an assertion's algorithm is ES256 or PS256 even for a
 * registered RSA key.
 */
@TsunaguTest
class FapiRequestConformanceTest {

	static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

	@Autowired
	TestApi api;

	@TempDir
	Path dir;

	TestRelyingParty rp;

	TestCards card;

	TestBrowser browser;

	@BeforeEach
	void setUp() throws Exception {
		this.rp = TestRelyingParty.register(this.api, "[\"openid\",\"profile\"]", "high", null);
		this.card = TestCards.issue(this.api, TestResidents.katsuko(), this.dir);
		this.browser = new TestBrowser(this.rp.issuer);
	}

	@Test
	@DisplayName("fapi2-security-profile-final-ensure-different-nonce-inside-and-outside-request-object: the pushed nonce is the one in the ID token")
	void authorizeWhenAnotherNonceOnTheUrlThenThePushedOneIsUsed() throws Exception {
		TestRelyingParty.Pkce pkce = TestRelyingParty.Pkce.create();
		Map<String, String> request = this.rp.authorizationParameters(pkce, "openid profile");
		Map<String, String> back = SignInFlows.signInAt(this.browser, this.rp, this.card, SignInFlows.push(this.rp, request),
				"&nonce=outside", List.of("profile"));
		HttpResponse<String> tokens = SignInFlows.exchange(this.rp, back, pkce, this.rp.dpopKey);
		assertThat(TestRelyingParty.claims(TestRelyingParty.json(tokens).get("id_token").asString()))
			.containsEntry("nonce", request.get("nonce"));
	}

	@Test
	@DisplayName("fapi2-security-profile-final-ensure-different-state-inside-and-outside-request-object / fapi2-security-profile-final-state-only-outside-request-object-not-used: only the pushed state comes back")
	void authorizeWhenStateOnTheUrlThenOnlyThePushedOneComesBack() throws Exception {
		Map<String, String> request = this.rp.authorizationParameters(TestRelyingParty.Pkce.create(), "openid profile");
		assertThat(SignInFlows.signInAt(this.browser, this.rp, this.card, SignInFlows.push(this.rp, request), "&state=outside",
				List.of("profile"))).containsEntry("state", request.get("state"));
		Map<String, String> stateless = this.rp.authorizationParameters(TestRelyingParty.Pkce.create(), "openid profile");
		stateless.remove("state");
		assertThat(SignInFlows.signInAt(this.browser, this.rp, this.card, SignInFlows.push(this.rp, stateless), "&state=outside",
				List.of("profile"))).doesNotContainKey("state").containsKey("code");
	}

	@Test
	@DisplayName("fapi2-security-profile-final-par-ensure-reused-request-uri-prior-to-auth-completion-succeeds: an abandoned first visit, then the sign-in in another browser")
	void authorizeWhenFirstVisitAbandonedThenTheRequestUriStillServes() throws Exception {
		String requestUri = SignInFlows.push(this.rp, this.rp.authorizationParameters(TestRelyingParty.Pkce.create(), "openid profile"));
		assertThat(SignInFlows.startAt(this.browser, this.rp, requestUri).body()).contains("data-pairing-code");
		TestBrowser another = new TestBrowser(this.rp.issuer);
		assertThat(SignInFlows.signInAt(another, this.rp, this.card, requestUri, "", List.of("profile"))).containsKey("code");
	}

	@Test
	@DisplayName("fapi2-security-profile-final-ensure-client-id-in-token-endpoint: a code exchanged as another client, with this client's key, is refused")
	void tokenWhenClientIdIsAnotherClientsThenRefused() throws Exception {
		TestRelyingParty.Pkce pkce = TestRelyingParty.Pkce.create();
		Map<String, String> back = SignInFlows.signIn(this.browser, this.rp, this.card,
				this.rp.authorizationParameters(pkce, "openid profile"), List.of("profile"));
		TestRelyingParty other = TestRelyingParty.register(this.api, "[\"openid\",\"profile\"]", "high", null);
		String posing = this.rp.sign(new JWTClaimsSet.Builder().issuer(other.clientId).subject(other.clientId)
			.audience(this.rp.issuer).jwtID(UUID.randomUUID().toString()).issueTime(new Date())
			.expirationTime(Date.from(Instant.now().plusSeconds(60))).build());
		HttpResponse<String> refused = this.rp.token(Map.of("grant_type", "authorization_code", "code", back.get("code"),
				"redirect_uri", TestRelyingParty.REDIRECT, "code_verifier", pkce.verifier(), "client_id", other.clientId,
				"client_assertion", posing), this.rp.dpop("POST", this.rp.issuer + "/oauth2/token", null));
		assertThat(refused.statusCode()).isIn(400, 401);
		assertThat(refused.body()).containsAnyOf("invalid_client", "invalid_grant").doesNotContain("access_token");
		assertThat(SignInFlows.exchange(this.rp, back, pkce, this.rp.dpopKey).statusCode()).isEqualTo(200);
	}

	@Test
	@DisplayName("fapi2-security-profile-final-ensure-signed-client-assertion-with-RS256-fails: RS256 by a registered RSA key is refused, PS256 by the same key accepted")
	void tokenWhenAssertionIsRs256ByARegisteredKeyThenRefused() throws Exception {
		ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("ec-" + UUID.randomUUID()).generate();
		RSAKey rsa = new RSAKeyGenerator(2048).keyID("rsa-" + UUID.randomUUID()).generate();
		TestApi.Response registered = this.api.postJson("/api/v1/relying-parties", """
				{"name":{"en":"Ume Insurance","ja":"梅保険"},"kind":"private","sectorIdentifier":"https://ume-insurance.example",
				 "redirectUris":["%s"],"jwks":{"keys":[%s,%s]},"scopes":["openid","profile"],"maxAssurance":"high",
				 "policyUrl":"https://ume-insurance.example/privacy"}"""
			.formatted(TestRelyingParty.REDIRECT, ec.toPublicJWK().toJSONString(), rsa.toPublicJWK().toJSONString()));
		assertThat(registered.status()).as(registered.body()).isEqualTo(201);
		TestRelyingParty insurer = TestRelyingParty.of(this.api, ec, registered.jsonBody().get("clientId").asString());
		TestRelyingParty.Pkce pkce = TestRelyingParty.Pkce.create();
		Map<String, String> back = SignInFlows.signIn(this.browser, insurer, this.card,
				insurer.authorizationParameters(pkce, "openid profile"), List.of("profile"));
		Map<String, String> exchange = Map.of("grant_type", "authorization_code", "code", back.get("code"), "redirect_uri",
				TestRelyingParty.REDIRECT, "code_verifier", pkce.verifier());
		HttpResponse<String> rs256 = insurer.token(withAssertion(exchange, rsaAssertion(insurer, rsa, JWSAlgorithm.RS256)),
				insurer.dpop("POST", insurer.issuer + "/oauth2/token", null));
		assertThat(rs256.statusCode()).isEqualTo(401);
		assertThat(rs256.body()).contains("invalid_client");
		HttpResponse<String> ps256 = insurer.token(withAssertion(exchange, rsaAssertion(insurer, rsa, JWSAlgorithm.PS256)),
				insurer.dpop("POST", insurer.issuer + "/oauth2/token", null));
		assertThat(ps256.statusCode()).as(ps256.body()).isEqualTo(200);
	}

	private static Map<String, String> withAssertion(Map<String, String> form, String assertion) {
		Map<String, String> all = new java.util.LinkedHashMap<>(form);
		all.put("client_assertion_type", ASSERTION_TYPE);
		all.put("client_assertion", assertion);
		return all;
	}

	private static String rsaAssertion(TestRelyingParty client, RSAKey key, JWSAlgorithm algorithm) throws Exception {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).build(),
				new JWTClaimsSet.Builder().issuer(client.clientId).subject(client.clientId).audience(client.issuer)
					.jwtID(UUID.randomUUID().toString()).issueTime(new Date())
					.expirationTime(Date.from(Instant.now().plusSeconds(60))).build());
		jwt.sign(new RSASSASigner(key));
		return jwt.serialize();
	}

	@Test
	@DisplayName("fapi2-security-profile-final-ensure-holder-of-key-required: a code exchanged without a DPoP proof is refused")
	void tokenWhenNoProofThenRefused() throws Exception {
		TestRelyingParty.Pkce pkce = TestRelyingParty.Pkce.create();
		Map<String, String> back = SignInFlows.signIn(this.browser, this.rp, this.card,
				this.rp.authorizationParameters(pkce, "openid profile"), List.of("profile"));
		HttpResponse<String> bearer = this.rp.token(Map.of("grant_type", "authorization_code", "code", back.get("code"),
				"redirect_uri", TestRelyingParty.REDIRECT, "code_verifier", pkce.verifier()), null);
		assertThat(bearer.statusCode()).isEqualTo(400);
		assertThat(bearer.body()).contains("invalid_dpop_proof").doesNotContain("access_token");
	}

	@Test
	@DisplayName("fapi2-security-profile-final-par-attempt-invalid-http-method: PAR answers a PUT with an error")
	void parWhenPutThenRefused() throws Exception {
		Map<String, String> request = this.rp.authorizationParameters(TestRelyingParty.Pkce.create(), "openid profile");
		request.put("client_assertion_type", ASSERTION_TYPE);
		request.put("client_assertion", this.rp.assertion());
		HttpResponse<String> put = java.net.http.HttpClient.newHttpClient()
			.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(this.rp.issuer + "/oauth2/par"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.PUT(java.net.http.HttpRequest.BodyPublishers.ofString(TestRelyingParty.encode(request)))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(put.statusCode()).isBetween(400, 599);
		assertThat(put.body()).doesNotContain("request_uri\"");
	}

}
