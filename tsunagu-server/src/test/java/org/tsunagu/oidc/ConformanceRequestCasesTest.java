package org.tsunagu.oidc;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsunagu.TestApi;
import org.tsunagu.TestClock;
import org.tsunagu.TsunaguTest;
import org.tsunagu.registry.TestResidents;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cases of the OpenID Foundation's OP test plans ({@code fapi2-security-profile-final-test-plan} and
 * {@code oidcc-basic-certification-test-plan}, module names from openid-certification/conformance-suite) that
 * other tests in this package do not already make, each named after its module: those of the pushed request and
 * the sign-in, before any token. Long nonces and states; the client assertion's audience, times and subject at
 * PAR; what a request_uri may be used for; prompt and max_age with and without a session; the person declining.
 * Every module of the three plans, with its test or the reason it does not apply, is listed in
 * docs/conformance.md; those of a sign-in through to its tokens are in {@link ConformanceTokenCasesTest}.
 */
@TsunaguTest
class ConformanceRequestCasesTest {

	@Autowired
	TestApi api;

	@Autowired
	TestClock clock;

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

	@AfterEach
	void resetClock() {
		this.clock.reset();
	}

	private String assertion(JWTClaimsSet claims) throws Exception {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(this.rp.clientKey.getKeyID()).build(), claims);
		jwt.sign(new ECDSASigner(this.rp.clientKey));
		return jwt.serialize();
	}

	private JWTClaimsSet.Builder claims(Instant iat) {
		return new JWTClaimsSet.Builder().issuer(this.rp.clientId).subject(this.rp.clientId).audience(this.rp.issuer)
			.jwtID(UUID.randomUUID().toString()).issueTime(Date.from(iat)).expirationTime(Date.from(iat.plusSeconds(60)));
	}

	private HttpResponse<String> parWithAssertion(String assertion) throws Exception {
		Map<String, String> p = this.rp.authorizationParameters(TestRelyingParty.Pkce.create(), "openid");
		p.put("client_assertion", assertion);
		return this.rp.par(p);
	}

	@Test
	@DisplayName("fapi2-security-profile-final-ensure-authorization-request-with-long-nonce: a 384-character nonce refused, a 384-character state intact")
	void longNonceAndStateThenIntactOrRefused() throws Exception {
		Map<String, String> request = this.rp.authorizationParameters(TestRelyingParty.Pkce.create(), "openid");
		request.put("nonce", "n".repeat(384));
		assertThat(this.rp.par(request).body()).contains("invalid_request");
		TestRelyingParty.Pkce pkce = TestRelyingParty.Pkce.create();
		request = this.rp.authorizationParameters(pkce, "openid");
		request.put("state", "s".repeat(384));
		assertThat(SignInFlows.signIn(this.browser, this.rp, this.card, request, List.of())).containsEntry("state", "s".repeat(384));
	}

	@Test
	@DisplayName("fapi2-security-profile-final-par-test-array-as-audience-fails / fapi2-security-profile-final-par-test-par-endpoint-url-as-audience-fails / fapi2-security-profile-final-par-test-token-endpoint-url-as-audience-fails")
	void assertionAudienceIsTheIssuerAsAString() throws Exception {
		Instant now = Instant.now();
		assertThat(parWithAssertion(assertion(claims(now).audience(List.of(this.rp.issuer, "https://x.example")).build())).statusCode()).isEqualTo(401);
		assertThat(parWithAssertion(assertion(claims(now).audience(this.rp.issuer + "/oauth2/par").build())).statusCode()).isEqualTo(401);
		assertThat(parWithAssertion(assertion(claims(now).audience(this.rp.issuer + "/oauth2/token").build())).statusCode()).isEqualTo(401);
		assertThat(parWithAssertion(assertion(claims(now).build())).statusCode()).isEqualTo(201);
	}

	@Test
	@DisplayName("fapi2-security-profile-final-ensure-client-assertion-with-exp-is-5-minutes-in-past-fails / fapi2-security-profile-final-ensure-client-assertion-with-no-sub-fails / fapi2-security-profile-final-par-ensure-jwt-client-assertions-nbf-8-seconds-in-the-future-is-accepted")
	void assertionTimesAndSubject() throws Exception {
		Instant now = Instant.now();
		assertThat(parWithAssertion(assertion(claims(now.minusSeconds(360)).expirationTime(Date.from(now.minusSeconds(300))).build()))
			.statusCode()).isEqualTo(401);
		assertThat(parWithAssertion(assertion(claims(now).subject(null).build())).statusCode()).isEqualTo(401);
		assertThat(parWithAssertion(assertion(claims(now.plusSeconds(8)).notBeforeTime(Date.from(now.plusSeconds(8))).build()))
			.statusCode()).isEqualTo(201);
	}

	@Test
	@DisplayName("fapi2-security-profile-final-par-attempt-reuse-request_uri / fapi2-security-profile-final-par-attempt-to-use-request_uri-for-different-client / fapi2-security-profile-final-par-authorization-request-containing-request_uri-form-param / fapi2-security-profile-final-par-attempt-invalid-http-method")
	void requestUriRules() throws Exception {
		TestRelyingParty.Pkce pkce = TestRelyingParty.Pkce.create();
		String requestUri = SignInFlows.push(this.rp, this.rp.authorizationParameters(pkce, "openid"));
		HttpResponse<String> afterSignIn = SignInFlows.approveAndContinue(this.browser, this.rp, this.card,
				SignInFlows.startAt(this.browser, this.rp, requestUri));
		SignInFlows.finish(this.browser, afterSignIn, List.of());
		HttpResponse<String> reused = this.browser.get("/oauth2/authorize?client_id=" + this.rp.clientId + "&request_uri="
				+ URLEncoder.encode(requestUri, StandardCharsets.UTF_8));
		assertThat(TestBrowser.location(reused)).doesNotContain("code=");

		TestRelyingParty other = TestRelyingParty.register(this.api, "[\"openid\"]", "low", null);
		String mine = SignInFlows.push(this.rp, this.rp.authorizationParameters(TestRelyingParty.Pkce.create(), "openid"));
		HttpResponse<String> foreign = this.browser.get("/oauth2/authorize?client_id=" + other.clientId + "&request_uri="
				+ URLEncoder.encode(mine, StandardCharsets.UTF_8));
		assertThat(String.valueOf(TestBrowser.location(foreign))).doesNotContain("code=").doesNotStartWith(TestRelyingParty.REDIRECT);

		Map<String, String> withRequestUri = this.rp.authorizationParameters(TestRelyingParty.Pkce.create(), "openid");
		withRequestUri.put("request_uri", mine);
		assertThat(this.rp.par(withRequestUri).statusCode()).isEqualTo(400);

		HttpResponse<String> get = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(this.rp.issuer + "/oauth2/par")).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(get.statusCode()).isBetween(400, 499);
	}

	@Test
	@DisplayName("oidcc-prompt-none-not-logged-in: login_required to the service")
	void promptNoneWithoutSessionThenLoginRequired() throws Exception {
		Map<String, String> request = this.rp.authorizationParameters(TestRelyingParty.Pkce.create(), "openid");
		request.put("prompt", "none");
		HttpResponse<String> answer = this.browser.get("/oauth2/authorize?client_id=" + this.rp.clientId + "&request_uri="
				+ URLEncoder.encode(SignInFlows.push(this.rp, request), StandardCharsets.UTF_8));
		assertThat(TestRelyingParty.query(TestBrowser.location(answer))).containsEntry("error", "login_required")
			.containsEntry("state", request.get("state"));
	}

	@Test
	@DisplayName("oidcc-prompt-none-logged-in / oidcc-prompt-login / oidcc-max-age-1 / oidcc-max-age-10000")
	void promptAndMaxAgeWithSession() throws Exception {
		SignInFlows.signIn(this.browser, this.rp, this.card, this.rp.authorizationParameters(TestRelyingParty.Pkce.create(), "openid profile"), List.of("profile"));
		Map<String, String> silent = this.rp.authorizationParameters(TestRelyingParty.Pkce.create(), "openid profile");
		silent.put("prompt", "none");
		assertThat(silentAnswer(silent)).containsKey("code");
		Map<String, String> recent = this.rp.authorizationParameters(TestRelyingParty.Pkce.create(), "openid profile");
		recent.put("max_age", "10000");
		assertThat(silentAnswer(recent)).containsKey("code");

		this.clock.advance(Duration.ofSeconds(2));
		Map<String, String> old = this.rp.authorizationParameters(TestRelyingParty.Pkce.create(), "openid profile");
		old.put("max_age", "1");
		assertThat(startsSignIn(old)).isTrue();
		Map<String, String> login = this.rp.authorizationParameters(TestRelyingParty.Pkce.create(), "openid profile");
		login.put("prompt", "login");
		assertThat(startsSignIn(login)).isTrue();
	}

	private Map<String, String> silentAnswer(Map<String, String> request) throws Exception {
		HttpResponse<String> answer = this.browser.get("/oauth2/authorize?client_id=" + this.rp.clientId + "&request_uri="
				+ URLEncoder.encode(SignInFlows.push(this.rp, request), StandardCharsets.UTF_8));
		assertThat(TestBrowser.location(answer)).startsWith(TestRelyingParty.REDIRECT);
		return TestRelyingParty.query(TestBrowser.location(answer));
	}

	private boolean startsSignIn(Map<String, String> request) throws Exception {
		HttpResponse<String> page = SignInFlows.startAt(this.browser, this.rp, SignInFlows.push(this.rp, request));
		return page.statusCode() == 200 && page.body().contains("data-pairing-code");
	}

	@Test
	@DisplayName("fapi2-security-profile-final-user-rejects-authentication: access_denied")
	void userDeclinesThenAccessDenied() throws Exception {
		String requestUri = SignInFlows.push(this.rp, this.rp.authorizationParameters(TestRelyingParty.Pkce.create(), "openid profile"));
		HttpResponse<String> consent = SignInFlows.approveAndContinue(this.browser, this.rp, this.card,
				SignInFlows.startAt(this.browser, this.rp, requestUri));
		HttpResponse<String> declined = this.browser.postEncoded("/oauth2/authorize", "client_id="
				+ TestBrowser.hidden(consent.body(), "client_id") + "&state="
				+ URLEncoder.encode(TestBrowser.hidden(consent.body(), "state"), StandardCharsets.UTF_8));
		assertThat(TestRelyingParty.query(TestBrowser.location(declined))).containsEntry("error", "access_denied");
	}

}
