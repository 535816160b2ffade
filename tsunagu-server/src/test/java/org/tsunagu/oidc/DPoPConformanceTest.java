package org.tsunagu.oidc;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
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
 * The DPoP modules of {@code fapi2-security-profile-final-test-plan} (openid-certification/conformance-suite), each
 * named after its module: proofs dated within the allowed window, proofs with {@code nbf} and {@code exp}, the token
 * type in any case, a code bound by both {@code dpop_jkt} and a proof at the pushed request. The negative matrix is
 * in {@link DPoPNegativeConformanceTest}.
 */
@TsunaguTest
class DPoPConformanceTest {

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

	/** A sign-in whose pushed request carries {@code dpop_jkt} and the proof {@code proof} makes for PAR's URL. */
	private Map<String, String> signInBound(TestRelyingParty.Pkce pkce, Proofs proof) throws Exception {
		Map<String, String> request = this.rp.authorizationParameters(pkce, "openid profile");
		request.put("dpop_jkt", this.rp.dpopKey.computeThumbprint().toString());
		request.put("client_assertion_type", ASSERTION_TYPE);
		request.put("client_assertion", this.rp.assertion());
		HttpResponse<String> pushed = this.rp.postForm("/oauth2/par", request, proof.make("POST", this.rp.issuer + "/oauth2/par", null));
		assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);
		HttpResponse<String> afterSignIn = SignInFlows.approveAndContinue(this.browser, this.rp, this.card,
				SignInFlows.startAt(this.browser, this.rp, TestRelyingParty.json(pushed).get("request_uri").asString()));
		HttpResponse<String> back = SignInFlows.finish(this.browser, afterSignIn, List.of("profile"));
		return TestRelyingParty.query(TestBrowser.location(back));
	}

	/** The code exchanged and userinfo called, each with the proof {@code proof} makes for the method, URL and token. */
	private void exchangeAndCall(Map<String, String> back, TestRelyingParty.Pkce pkce, Proofs proof) throws Exception {
		HttpResponse<String> tokens = this.rp.token(Map.of("grant_type", "authorization_code", "code", back.get("code"),
				"redirect_uri", TestRelyingParty.REDIRECT, "code_verifier", pkce.verifier()),
				proof.make("POST", this.rp.issuer + "/oauth2/token", null));
		assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
		String token = TestRelyingParty.json(tokens).get("access_token").asString();
		String url = this.rp.issuer + "/userinfo";
		assertThat(userinfo("DPoP " + token, proof.make("GET", url, token))).isEqualTo(200);
	}

	private int userinfo(String authorization, String proof) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(this.rp.issuer + "/userinfo")).header("Authorization", authorization)
				.header("DPoP", proof).build(), HttpResponse.BodyHandlers.ofString())
			.statusCode();
	}

	@FunctionalInterface
	private interface Proofs {

		String make(String method, String url, String accessToken) throws Exception;

	}

	private void dated(long seconds) throws Exception {
		Proofs proofs = (method, url, token) -> TestDPoPProofs.issuedAt(this.rp.dpopKey, method, url, token,
				Instant.now().plusSeconds(seconds));
		TestRelyingParty.Pkce pkce = TestRelyingParty.Pkce.create();
		exchangeAndCall(signInBound(pkce, proofs), pkce, proofs);
	}

	@Test
	@DisplayName("fapi2-security-profile-final-ensure-dpopproof-with-iat-10seconds-before-succeeds: proofs 10 s old at PAR, token and resource")
	void proofsWhenTenSecondsOldThenAccepted() throws Exception {
		dated(-10);
	}

	@Test
	@DisplayName("fapi2-security-profile-final-ensure-dpopproof-with-iat-10seconds-after-succeeds: proofs 8 s ahead at PAR, token and resource")
	void proofsWhenEightSecondsAheadThenAccepted() throws Exception {
		dated(8);
	}

	@Test
	@DisplayName("fapi2-security-profile-final-check-dpop-proof-nbf-exp: proofs with nbf and exp are accepted at the token endpoint and the resource")
	void proofsWhenTheyCarryNbfAndExpThenAccepted() throws Exception {
		Proofs proofs = (method, url, token) -> TestDPoPProofs.proof(this.rp.dpopKey, method, url, token, (header) -> {
		}, (claims) -> claims.notBeforeTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(300))));
		TestRelyingParty.Pkce pkce = TestRelyingParty.Pkce.create();
		Map<String, String> back = SignInFlows.signIn(this.browser, this.rp, this.card,
				this.rp.authorizationParameters(pkce, "openid profile"), List.of("profile"));
		exchangeAndCall(back, pkce, proofs);
	}

	@Test
	@DisplayName("fapi2-security-profile-final-ensure-dpop-auth-code-binding-success: dpop_jkt and a proof of the same key at PAR, that key at the token endpoint")
	void codeWhenBoundByJktAndProofThenExchangedWithThatKey() throws Exception {
		TestRelyingParty.Pkce pkce = TestRelyingParty.Pkce.create();
		Map<String, String> back = signInBound(pkce, this.rp::dpop);
		assertThat(back).containsKey("code");
		ECKey other = new ECKeyGenerator(Curve.P_256).generate();
		HttpResponse<String> otherKey = SignInFlows.exchange(this.rp, back, pkce, other);
		assertThat(otherKey.statusCode()).isEqualTo(400);
		assertThat(otherKey.body()).contains("invalid_dpop_proof");
		exchangeAndCall(back, pkce, (method, url, token) -> TestDPoPProofs.proof(this.rp.dpopKey, method, url, token));
	}

	@Test
	@DisplayName("fapi2-security-profile-final-access-token-type-header-case-sensitivity: the DPoP scheme in any case (RFC 9110, 11.1)")
	void resourceWhenSchemeInAnotherCaseThenAccepted() throws Exception {
		TestRelyingParty.Pkce pkce = TestRelyingParty.Pkce.create();
		Map<String, String> back = SignInFlows.signIn(this.browser, this.rp, this.card,
				this.rp.authorizationParameters(pkce, "openid profile"), List.of("profile"));
		String token = TestRelyingParty.json(SignInFlows.exchange(this.rp, back, pkce, this.rp.dpopKey)).get("access_token").asString();
		String url = this.rp.issuer + "/userinfo";
		for (String scheme : List.of("dPoP", "dpop", "DPOP")) {
			assertThat(userinfo(scheme + " " + token, this.rp.dpop("GET", url, token))).as(scheme).isEqualTo(200);
		}
	}

}
