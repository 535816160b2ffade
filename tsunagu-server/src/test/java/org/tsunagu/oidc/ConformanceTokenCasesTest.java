package org.tsunagu.oidc;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
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
 * Cases of the OpenID Foundation's OP test plans ({@code fapi2-security-profile-final-test-plan} and
 * {@code oidcc-basic-certification-test-plan}, module names from openid-certification/conformance-suite) that
 * other tests in this package do not already make, each named after its module: those of a sign-in through to its
 * tokens. The ID token without state or nonce, and after optional and unknown parameters; the DPoP key bound at
 * PAR and held to at the token endpoint and the resource; client authentication and PKCE at the token endpoint.
 * Every module of the three plans, with its test or the reason it does not apply, is listed in
 * docs/conformance.md; those of the pushed request and the sign-in are in {@link ConformanceRequestCasesTest}.
 */
@TsunaguTest
class ConformanceTokenCasesTest {

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

	private String tokenUrl() {
		return this.rp.issuer + "/oauth2/token";
	}

	private HttpResponse<String> exchange(Map<String, String> back, TestRelyingParty.Pkce pkce, ECKey dpopKey)
			throws Exception {
		return this.rp.token(Map.of("grant_type", "authorization_code", "code", back.get("code"), "redirect_uri",
				TestRelyingParty.REDIRECT, "code_verifier", pkce.verifier()),
				TestRelyingParty.dpop(dpopKey, "POST", tokenUrl(), null));
	}

	@Test
	@DisplayName("fapi2-security-profile-final-ensure-authorization-request-without-state-success / fapi2-security-profile-final-ensure-authorization-request-without-nonce-success")
	void withoutStateOrNonceThenSuccessAndNoneReturned() throws Exception {
		TestRelyingParty.Pkce pkce = TestRelyingParty.Pkce.create();
		Map<String, String> request = this.rp.authorizationParameters(pkce, "openid");
		request.remove("state");
		request.remove("nonce");
		Map<String, String> back = SignInFlows.signIn(this.browser, this.rp, this.card, request, List.of());
		assertThat(back).doesNotContainKey("state").containsKey("code");
		HttpResponse<String> tokens = exchange(back, pkce, this.rp.dpopKey);
		assertThat(TestRelyingParty.claims(TestRelyingParty.json(tokens).get("id_token").asString())).doesNotContainKey("nonce");
	}

	@Test
	@DisplayName("fapi2-security-profile-final-ensure-mismatched-dpop-jkt-fails: PAR refuses dpop_jkt naming another key than its proof")
	void parWhenDpopJktDiffersFromProofThenRefused() throws Exception {
		Map<String, String> request = this.rp.authorizationParameters(TestRelyingParty.Pkce.create(), "openid");
		request.put("dpop_jkt", new ECKeyGenerator(Curve.P_256).generate().computeThumbprint().toString());
		request.put("client_assertion_type", ASSERTION_TYPE);
		request.put("client_assertion", this.rp.assertion());
		HttpResponse<String> refused = this.rp.postForm("/oauth2/par", request,
				this.rp.dpop("POST", this.rp.issuer + "/oauth2/par", null));
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).contains("invalid_dpop_proof");
	}

	@Test
	@DisplayName("fapi2-security-profile-final-ensure-dpopproof-at-par-endpoint-binding-success / fapi2-security-profile-final-ensure-token-endpoint-fails-with-mismatched-dpop-proof-jkt")
	void parDpopProofBindsTheCode() throws Exception {
		TestRelyingParty.Pkce pkce = TestRelyingParty.Pkce.create();
		Map<String, String> request = this.rp.authorizationParameters(pkce, "openid");
		request.put("client_assertion_type", ASSERTION_TYPE);
		request.put("client_assertion", this.rp.assertion());
		HttpResponse<String> pushed = this.rp.postForm("/oauth2/par", request, this.rp.dpop("POST", this.rp.issuer + "/oauth2/par", null));
		assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);
		HttpResponse<String> afterSignIn = SignInFlows.approveAndContinue(this.browser, this.rp, this.card,
				SignInFlows.startAt(this.browser, this.rp, TestRelyingParty.json(pushed).get("request_uri").asString()));
		Map<String, String> back = TestRelyingParty.query(TestBrowser.location(SignInFlows.finish(this.browser, afterSignIn, List.of())));
		HttpResponse<String> otherKey = exchange(back, pkce, new ECKeyGenerator(Curve.P_256).generate());
		assertThat(otherKey.body()).contains("invalid_dpop_proof");
		assertThat(exchange(back, pkce, this.rp.dpopKey).statusCode()).isEqualTo(200);
	}

	@Test
	@DisplayName("fapi2-security-profile-final-ensure-client-assertion-in-token-endpoint / fapi2-security-profile-final-ensure-pkce-code-verifier-required: no assertion, no verifier; a refresh without client authentication is refused too")
	void tokenWithoutAssertionOrVerifierThenRefused() throws Exception {
		TestRelyingParty.Pkce pkce = TestRelyingParty.Pkce.create();
		Map<String, String> back = SignInFlows.signIn(this.browser, this.rp, this.card, this.rp.authorizationParameters(pkce, "openid"), List.of());
		HttpResponse<String> noAssertion = this.rp.postForm("/oauth2/token", Map.of("grant_type", "authorization_code",
				"code", back.get("code"), "redirect_uri", TestRelyingParty.REDIRECT, "code_verifier", pkce.verifier(),
				"client_id", this.rp.clientId), this.rp.dpop("POST", tokenUrl(), null));
		assertThat(noAssertion.statusCode()).isEqualTo(401);
		assertThat(noAssertion.body()).contains("invalid_client");
		HttpResponse<String> noVerifier = this.rp.token(Map.of("grant_type", "authorization_code", "code", back.get("code"),
				"redirect_uri", TestRelyingParty.REDIRECT), this.rp.dpop("POST", tokenUrl(), null));
		assertThat(noVerifier.statusCode()).isEqualTo(400);
		assertThat(noVerifier.body()).contains("invalid_grant");
		TestRelyingParty.Pkce second = TestRelyingParty.Pkce.create();
		Map<String, String> again = SignInFlows.signIn(this.browser, this.rp, this.card, this.rp.authorizationParameters(second, "openid"), List.of());
		String refresh = TestRelyingParty.json(exchange(again, second, this.rp.dpopKey)).get("refresh_token").asString();
		HttpResponse<String> anonymous = this.rp.postForm("/oauth2/token", Map.of("grant_type", "refresh_token",
				"refresh_token", refresh, "client_id", this.rp.clientId), this.rp.dpop("POST", tokenUrl(), null));
		assertThat(anonymous.statusCode()).isEqualTo(401);
	}

	@Test
	@DisplayName("fapi2-security-profile-final-dpop-negative-tests (some steps): wrong ath, htm, htu, key, typ, a reused jti, a missing proof")
	void resourceWhenDpopProofIsWrongThenRefused() throws Exception {
		TestRelyingParty.Pkce pkce = TestRelyingParty.Pkce.create();
		Map<String, String> back = SignInFlows.signIn(this.browser, this.rp, this.card, this.rp.authorizationParameters(pkce, "openid profile"), List.of("profile"));
		String token = TestRelyingParty.json(exchange(back, pkce, this.rp.dpopKey)).get("access_token").asString();
		String url = this.rp.issuer + "/userinfo";
		assertThat(userinfo(token, this.rp.dpop("GET", url, token))).isEqualTo(200);
		assertThat(userinfo(token, this.rp.dpop("GET", url, token + "x"))).isEqualTo(401);
		assertThat(userinfo(token, this.rp.dpop("POST", url, token))).isEqualTo(401);
		assertThat(userinfo(token, this.rp.dpop("GET", this.rp.issuer + "/other", token))).isEqualTo(401);
		assertThat(userinfo(token, TestRelyingParty.dpop(new ECKeyGenerator(Curve.P_256).generate(), "GET", url, token))).isEqualTo(401);
		assertThat(userinfo(token, null)).isEqualTo(401);
		String once = this.rp.dpop("GET", url, token);
		assertThat(userinfo(token, once)).isEqualTo(200);
		assertThat(userinfo(token, once)).isEqualTo(401);
		SignedJWT untyped = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).jwk(this.rp.dpopKey.toPublicJWK()).build(),
				new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString()).claim("htm", "GET").claim("htu", url)
					.issueTime(new Date()).build());
		untyped.sign(new ECDSASigner(this.rp.dpopKey));
		assertThat(userinfo(token, untyped.serialize())).isEqualTo(401);
	}

	private int userinfo(String token, String proof) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.rp.issuer + "/userinfo")).header("Authorization", "DPoP " + token);
		if (proof != null) {
			request.header("DPoP", proof);
		}
		return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
	}

	@Test
	@DisplayName("oidcc-ensure-request-with-unknown-parameter-succeeds / oidcc-ensure-request-with-acr-values-succeeds / oidcc-ui-locales / oidcc-login-hint")
	void unknownAndOptionalParametersAreAccepted() throws Exception {
		TestRelyingParty.Pkce pkce = TestRelyingParty.Pkce.create();
		Map<String, String> request = this.rp.authorizationParameters(pkce, "openid");
		request.put("extra", "foobar");
		request.put("ui_locales", "ja en");
		request.put("login_hint", "someone");
		request.put("display", "page");
		request.put("acr_values", "urn:tsunagu:loa:substantial urn:tsunagu:loa:high");
		Map<String, String> back = SignInFlows.signIn(this.browser, this.rp, this.card, request, List.of());
		HttpResponse<String> tokens = exchange(back, pkce, this.rp.dpopKey);
		assertThat(TestRelyingParty.claims(TestRelyingParty.json(tokens).get("id_token").asString()))
			.containsEntry("acr", "urn:tsunagu:loa:high");
	}

}
