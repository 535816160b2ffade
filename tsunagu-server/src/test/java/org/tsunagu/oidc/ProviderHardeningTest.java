package org.tsunagu.oidc;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsunagu.TestApi;
import org.tsunagu.TestClock;
import org.tsunagu.TsunaguTest;
import org.tsunagu.registry.TestResidents;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** Attacks a security review of the provider found, each refused. */
@TsunaguTest
class ProviderHardeningTest {

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
		this.rp = TestRelyingParty.register(this.api, "[\"openid\",\"profile\",\"me:read\"]", "high", null);
		this.card = TestCards.issue(this.api, TestResidents.katsuko(), this.dir);
		this.browser = new TestBrowser(this.rp.issuer);
	}

	@AfterEach
	void resetClock() {
		this.clock.reset();
	}

	private String tokenFor(TestRelyingParty service, TestBrowser browser, String scope, List<String> consented) throws Exception {
		TestRelyingParty.Pkce pkce = TestRelyingParty.Pkce.create();
		Map<String, String> back = SignInFlows.signIn(browser, service, this.card, service.authorizationParameters(pkce, scope), consented);
		HttpResponse<String> tokens = service.token(Map.of("grant_type", "authorization_code", "code", back.get("code"),
				"redirect_uri", TestRelyingParty.REDIRECT, "code_verifier", pkce.verifier()),
				service.dpop("POST", service.issuer + "/oauth2/token", null));
		assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
		return tokens.body();
	}

	@Test
	@DisplayName("an empty request_uri does not make a front-channel request pass as pushed")
	void authorizeWhenRequestUriEmptyThenRefused() throws Exception {
		Map<String, String> p = this.rp.authorizationParameters(TestRelyingParty.Pkce.create(), "profile me:read");
		p.put("request_uri", "");
		HttpResponse<String> answer = this.browser.get("/oauth2/authorize?" + TestRelyingParty.encode(p));
		assertThat(TestBrowser.location(answer)).contains("/signin/error?error=invalid_request");
	}

	@Test
	@DisplayName("a percent-encoded endpoint path does not escape prompt=login")
	void authorizeWhenPathEncodedThenRequirementsStillApply() throws Exception {
		tokenFor(this.rp, this.browser, "openid profile", List.of("profile"));
		Map<String, String> request = this.rp.authorizationParameters(TestRelyingParty.Pkce.create(), "openid profile");
		request.put("prompt", "login");
		String requestUri = SignInFlows.push(this.rp, request);
		HttpResponse<String> answer = this.browser.follow(this.browser.get("/oauth2/%61uthorize?client_id=" + this.rp.clientId
				+ "&request_uri=" + URLEncoder.encode(requestUri, StandardCharsets.UTF_8)));
		assertThat(String.valueOf(TestBrowser.location(answer))).doesNotContain("code=");
		assertThat(answer.body()).contains("data-pairing-code");
	}

	@Test
	@DisplayName("an ID token alone (no session) signs no one out")
	void logoutWhenNoSessionThenGrantsStay() throws Exception {
		JsonNode tokens = TestRelyingParty.json(HttpResponseHolder.of(tokenFor(this.rp, this.browser, "openid profile", List.of("profile"))));
		TestBrowser stranger = new TestBrowser(this.rp.issuer);
		stranger.get("/connect/logout?id_token_hint=" + tokens.get("id_token").asString());
		assertThat(this.rp.getWithDpop("/userinfo", tokens.get("access_token").asString()).statusCode()).isEqualTo(200);
	}

	@Test
	@DisplayName("a service's me:read token sees and withdraws only its own consent")
	void consentsWhenAnotherServiceAsksThenOnlyItsOwn() throws Exception {
		TestRelyingParty other = TestRelyingParty.register(this.api, "[\"openid\",\"profile\"]", "high", null);
		JsonNode otherTokens = TestRelyingParty.json(HttpResponseHolder.of(tokenFor(other, this.browser, "openid profile", List.of("profile"))));
		String token = TestRelyingParty.json(HttpResponseHolder.of(tokenFor(this.rp, this.browser, "openid profile me:read",
				List.of("profile", "me:read")))).get("access_token").asString();
		String listed = this.rp.getWithDpop("/api/v1/me/consents", token).body();
		assertThat(listed).contains(this.rp.clientId).doesNotContain(other.clientId);
		String url = this.rp.issuer + "/api/v1/me/consents/" + other.clientId;
		HttpResponse<String> withdrawn = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
			.header("Authorization", "DPoP " + token)
			.header("DPoP", this.rp.dpop("DELETE", url, token))
			.DELETE()
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(withdrawn.statusCode()).isEqualTo(404);
		assertThat(other.getWithDpop("/userinfo", otherTokens.get("access_token").asString()).statusCode()).isEqualTo(200);
	}

	@Test
	@DisplayName("the wallet's credential-less client works at the token endpoint only, not for introspection")
	void introspectWhenWalletClientClaimedThenUnauthenticated() throws Exception {
		HttpResponse<String> introspected = this.rp.postForm("/oauth2/introspect", Map.of("token", "anything",
				"client_id", "tsunagu-wallet", "grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"), null);
		assertThat(introspected.statusCode()).isEqualTo(401);
	}

	@Test
	@DisplayName("a card suspended, reactivated and suspended again: every step committed and logged")
	void suspendTwiceWhenLoggedThenEachStepWorks() throws Exception {
		String cardId = tools.jackson.databind.json.JsonMapper.builder().build()
			.readTree(Files.readString(this.card.dir().resolve("card.json"))).get("cardId").asString();
		for (String step : List.of("suspend", "reactivate", "suspend", "reactivate")) {
			assertThat(this.api.postJson("/api/v1/cards/" + cardId + "/" + step, "").status()).as(step).isEqualTo(200);
		}
	}

	@Test
	@DisplayName("an approved pairing must be completed within its lifetime")
	void continueWhenApprovalIsOldThenExpired() throws Exception {
		HttpResponse<String> page = this.browser.get("/signin");
		String code = TestBrowser.attribute(page.body(), "data-pairing-code");
		assertThat(this.card.approve(this.rp.issuer, code)).contains("Approved");
		this.clock.advance(Duration.ofSeconds(121));
		HttpResponse<String> late = this.browser.post("/signin/continue", Map.of("_csrf", TestBrowser.hidden(page.body(), "_csrf")));
		assertThat(late.body()).contains("The code has expired");
	}

	@Test
	@DisplayName("a sign-in asking for openid alone is consented to and listed too")
	void signInWhenOpenidOnlyThenConsentAsked() throws Exception {
		String requestUri = SignInFlows.push(this.rp, this.rp.authorizationParameters(TestRelyingParty.Pkce.create(), "openid"));
		HttpResponse<String> afterSignIn = SignInFlows.approveAndContinue(this.browser, this.rp, this.card,
				SignInFlows.startAt(this.browser, this.rp, requestUri));
		assertThat(afterSignIn.statusCode()).isEqualTo(200);
		assertThat(afterSignIn.body()).contains("Share your information with Sakura Bank?");
	}

	@Test
	@DisplayName("a DPoP proof is used once, even after the in-memory replay cache has been flushed by 1,000 others")
	void resourceWhenProofReplayedAfterCacheFlushThenRefused() throws Exception {
		String token = TestRelyingParty.json(HttpResponseHolder.of(tokenFor(this.rp, this.browser, "openid profile",
				List.of("profile")))).get("access_token").asString();
		String url = this.rp.issuer + "/userinfo";
		String first = this.rp.dpop("GET", url, token);
		HttpClient http = HttpClient.newHttpClient();
		assertThat(userinfo(http, url, token, first)).isEqualTo(200);
		for (int i = 0; i < 1_001; i++) {
			assertThat(userinfo(http, url, token, this.rp.dpop("GET", url, token))).isEqualTo(200);
		}
		assertThat(userinfo(http, url, token, first)).isEqualTo(401);
	}

	private static int userinfo(HttpClient http, String url, String token, String proof) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "DPoP " + token).header("DPoP", proof)
			.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
	}

	/** Parses a token answer body as a response would. */
	private static final class HttpResponseHolder {

		static java.net.http.HttpResponse<String> of(String body) {
			return new FixedResponse(body);
		}

	}

	private record FixedResponse(String body) implements java.net.http.HttpResponse<String> {

		public int statusCode() {
			return 200;
		}

		public java.net.http.HttpRequest request() {
			return null;
		}

		public java.util.Optional<java.net.http.HttpResponse<String>> previousResponse() {
			return java.util.Optional.empty();
		}

		public java.net.http.HttpHeaders headers() {
			return java.net.http.HttpHeaders.of(Map.of(), (a, b) -> true);
		}

		public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
			return java.util.Optional.empty();
		}

		public URI uri() {
			return null;
		}

		public HttpClient.Version version() {
			return HttpClient.Version.HTTP_1_1;
		}

	}

	@Test
	@DisplayName("a DPoP proof sent with a pushed request is used once, on any node")
	void parWhenProofReplayedThenRefused() throws Exception {
		String proof = this.rp.dpop("POST", this.rp.issuer + "/oauth2/par", null);
		for (int status : new int[] { 201, 400 }) {
			Map<String, String> request = this.rp.authorizationParameters(TestRelyingParty.Pkce.create(), "openid profile");
			request.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
			request.put("client_assertion", this.rp.assertion());
			HttpResponse<String> pushed = this.rp.postForm("/oauth2/par", request, proof);
			assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(status);
		}
	}


	@Test
	@DisplayName("introspection answers a service about its own tokens only: another service's token is inactive to it")
	void introspectWhenAnotherServicesTokenThenInactive() throws Exception {
		String access = new tools.jackson.databind.json.JsonMapper()
			.readTree(tokenFor(this.rp, this.browser, "openid profile", List.of("profile")))
			.get("access_token")
			.asString();
		TestRelyingParty other = TestRelyingParty.register(this.api, "[\"openid\",\"profile\"]", "high", null);
		assertThat(TestRelyingParty.json(introspect(this.rp, access)).get("active").asBoolean()).isTrue();
		HttpResponse<String> asked = introspect(other, access);
		assertThat(asked.statusCode()).isEqualTo(200);
		assertThat(TestRelyingParty.json(asked).properties()).hasSize(1);
		assertThat(TestRelyingParty.json(asked).get("active").asBoolean()).isFalse();
	}

	@Test
	@DisplayName("a push without response_type, plain or in a signed request object, is refused with 400 (found by fuzzing: it was a 500)")
	void parWhenResponseTypeIsMissingThenRefused() throws Exception {
		Map<String, String> parameters = this.rp.authorizationParameters(TestRelyingParty.Pkce.create(), "openid");
		parameters.remove("response_type");
		HttpResponse<String> plain = this.rp.par(parameters);
		assertThat(plain.statusCode()).as(plain.body()).isEqualTo(400);
		assertThat(plain.body()).contains("invalid_request");
		HttpResponse<String> signed = TestRequestObjects.push(this.rp, TestRequestObjects.signed(this.rp, parameters));
		assertThat(signed.statusCode()).as(signed.body()).isEqualTo(400);
		assertThat(signed.body()).contains("invalid_request_object");
	}

	private static HttpResponse<String> introspect(TestRelyingParty service, String token) throws Exception {
		return service.postForm("/oauth2/introspect", Map.of("token", token, "client_id", service.clientId,
				"client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", "client_assertion",
				service.assertion()), null);
	}

}
