package org.tsunagu.oidc;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsunagu.TestApi;
import org.tsunagu.TsunaguTest;
import org.tsunagu.registry.TestResidents;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Published Keycloak vulnerabilities in what an OpenID Provider does with the requests anyone can send it, each
 * tried against this provider as the advisory describes it, and refused.
 */
@TsunaguTest
class CveKeycloakProviderTest {

	@Autowired
	TestApi api;

	@Autowired
	ApplicationContext context;

	@TempDir
	Path dir;

	final HttpClient http = HttpClient.newHttpClient();

	TestRelyingParty rp;

	@BeforeEach
	void register() throws Exception {
		this.rp = TestRelyingParty.register(this.api, "[\"openid\",\"profile\"]", "substantial", null);
	}

	private HttpResponse<String> par(String... changes) throws Exception {
		Map<String, String> p = this.rp.authorizationParameters(TestRelyingParty.Pkce.create(), "openid profile");
		for (int i = 0; i < changes.length; i += 2) {
			p.put(changes[i], changes[i + 1]);
		}
		return this.rp.par(p);
	}

	/** Sign-in, code and tokens: the token answer. */
	private JsonNode tokens() throws Exception {
		TestCards card = TestCards.issue(this.api, TestResidents.katsuko(), this.dir);
		TestRelyingParty.Pkce pkce = TestRelyingParty.Pkce.create();
		Map<String, String> back = SignInFlows.signIn(new TestBrowser(this.rp.issuer), this.rp, card,
				this.rp.authorizationParameters(pkce, "openid profile"), List.of("profile"));
		HttpResponse<String> tokens = this.rp.token(Map.of("grant_type", "authorization_code", "code", back.get("code"),
				"redirect_uri", TestRelyingParty.REDIRECT, "code_verifier", pkce.verifier()), dpop());
		assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
		return TestRelyingParty.json(tokens);
	}

	private String dpop() throws Exception {
		return this.rp.dpop("POST", this.rp.issuer + "/oauth2/token", null);
	}

	/** A form the relying party posts with its client assertion. */
	private HttpResponse<String> authenticated(String path, String... form) throws Exception {
		Map<String, String> p = new java.util.LinkedHashMap<>();
		for (int i = 0; i < form.length; i += 2) {
			p.put(form[i], form[i + 1]);
		}
		p.put("client_id", this.rp.clientId);
		p.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
		p.put("client_assertion", this.rp.assertion());
		return this.rp.postForm(path, p, null);
	}

	@Test
	@DisplayName("CVE-2023-6134 and CVE-2023-6927 (Keycloak): response_mode form_post, form_post.jwt, fragment, jwt or query.jwt — the code only ever goes by query to the exact registered address; script in an error page's parameters is shown as text")
	void parWhenResponseModeIsNotQueryThenCodeOnlyByQueryToTheRegisteredAddress() throws Exception {
		TestCards card = TestCards.issue(this.api, TestResidents.katsuko(), this.dir);
		TestBrowser browser = new TestBrowser(this.rp.issuer);
		for (String mode : List.of("form_post", "form_post.jwt", "fragment", "jwt", "query.jwt")) {
			Map<String, String> request = this.rp.authorizationParameters(TestRelyingParty.Pkce.create(), "openid profile");
			request.put("response_mode", mode);
			HttpResponse<String> pushed = this.rp.par(request);
			if (pushed.statusCode() == 400) {
				assertThat(pushed.body()).as(mode).contains("invalid_request");
				continue;
			}
			Map<String, String> back = SignInFlows.signIn(browser, this.rp, card, request, List.of("profile"));
			assertThat(back.get("code")).as(mode + ": the code in the query").isNotBlank();
			HttpResponse<String> last = browser.seen().getLast();
			assertThat(TestBrowser.location(last)).as(mode).startsWith(TestRelyingParty.REDIRECT + "?").doesNotContain("#");
			assertThat(last.body()).as(mode + ": no self-posting form").doesNotContainIgnoringCase("<form");
		}
		String script = "<script>alert(1)</script>";
		HttpResponse<String> error = browser.get("/signin/error?error=" + URLEncoder.encode(script, StandardCharsets.UTF_8));
		assertThat(error.body()).doesNotContain(script);
		HttpResponse<String> authorize = browser.get("/oauth2/authorize?client_id=" + this.rp.clientId + "&state="
				+ URLEncoder.encode(script, StandardCharsets.UTF_8) + "&redirect_uri=https%3A%2F%2Fattacker.example%2F&request_uri="
				+ URLEncoder.encode("urn:ietf:params:oauth:request_uri:" + script, StandardCharsets.UTF_8));
		assertThat(TestBrowser.location(authorize)).doesNotStartWith("https://attacker.example").doesNotContain("<script");
		assertThat(browser.follow(authorize).body()).doesNotContain(script);
	}

	@Test
	@DisplayName("CVE-2020-10770 (Keycloak): a request_uri that is a URL, at the authorization endpoint and at PAR — refused, and never fetched")
	void authorizeWhenRequestUriIsAUrlThenRefusedAndNotFetched() throws Exception {
		try (ServerSocket target = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			AtomicInteger fetched = new AtomicInteger();
			Thread.ofVirtual().start(() -> {
				while (!target.isClosed()) {
					try (Socket accepted = target.accept()) {
						fetched.incrementAndGet();
					}
					catch (IOException ex) {
						// closed at the end of the test
					}
				}
			});
			String url = "http://127.0.0.1:" + target.getLocalPort() + "/request-object";
			TestBrowser browser = new TestBrowser(this.rp.issuer);
			HttpResponse<String> authorize = browser.get("/oauth2/authorize?client_id=" + this.rp.clientId + "&request_uri="
					+ URLEncoder.encode(url, StandardCharsets.UTF_8));
			assertThat(TestBrowser.location(authorize)).contains("/signin/error").doesNotStartWith(TestRelyingParty.REDIRECT);
			HttpResponse<String> pushed = par("request_uri", url);
			assertThat(pushed.statusCode()).isEqualTo(400);
			assertThat(pushed.body()).contains("invalid_request");
			// nothing may connect to the request_uri afterwards either, for as long as a fetch would take to start
			org.awaitility.Awaitility.await().during(java.time.Duration.ofMillis(200)).atMost(java.time.Duration.ofSeconds(1))
				.until(() -> fetched.get() == 0);
		}
	}

	@Test
	@DisplayName("CVE-2022-1245 and CVE-2023-2585 (Keycloak): token exchange, device authorization and the device code grant, client credentials for a person's service, and the wallet's grants by another client — each refused")
	void tokenWhenGrantIsNotTheClientsThenRefused() throws Exception {
		String access = tokens().get("access_token").asString();
		TestRelyingParty other = TestRelyingParty.register(this.api, "[\"openid\",\"profile\"]", "substantial", null);
		HttpResponse<String> exchanged = other.token(Map.of("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange",
				"subject_token", access, "subject_token_type", "urn:ietf:params:oauth:token-type:access_token"),
				other.dpop("POST", other.issuer + "/oauth2/token", null));
		assertThat(exchanged.statusCode()).isEqualTo(400);
		assertThat(exchanged.body()).containsAnyOf("unauthorized_client", "unsupported_grant_type");
		HttpResponse<String> device = authenticated("/oauth2/device_authorization", "scope", "openid");
		assertThat(device.statusCode()).isBetween(400, 404);
		assertThat(device.body()).doesNotContain("device_code\":\"").doesNotContain("user_code");
		for (String grant : List.of("urn:ietf:params:oauth:grant-type:device_code", "client_credentials")) {
			HttpResponse<String> refused = this.rp.token(Map.of("grant_type", grant, "device_code", "x", "scope", "openid"), dpop());
			assertThat(refused.statusCode()).as(grant).isEqualTo(400);
			assertThat(refused.body()).as(grant).containsAnyOf("unauthorized_client", "unsupported_grant_type", "invalid_grant")
				.doesNotContain("access_token");
		}
		for (String grant : List.of("urn:ietf:params:oauth:grant-type:jwt-bearer", "urn:ietf:params:oauth:grant-type:pre-authorized_code")) {
			HttpResponse<String> refused = this.rp.token(Map.of("grant_type", grant, "assertion", "x.y.z", "pre-authorized_code", "x"),
					dpop());
			assertThat(refused.statusCode()).as(grant).isBetween(400, 401);
			assertThat(refused.body()).as(grant).containsAnyOf("unauthorized_client", "unsupported_grant_type", "invalid_client",
					"invalid_grant");
			assertThat(refused.body()).as(grant).doesNotContain("access_token");
		}
	}

	@Test
	@DisplayName("CVE-2026-4282 (Keycloak): a pushed request's handle, a refresh token, an access token and an ID token each presented as an authorization code — invalid_grant; at introspection and revocation they are inactive, never an error")
	void tokenWhenAnotherHandleIsPresentedAsCodeThenInvalidGrant() throws Exception {
		String requestUri = TestRelyingParty.json(par()).get("request_uri").asString();
		JsonNode tokens = tokens();
		List<String> handles = List.of(requestUri, requestUri.substring(requestUri.lastIndexOf(':') + 1),
				tokens.get("refresh_token").asString(), tokens.get("access_token").asString(), tokens.get("id_token").asString());
		for (String handle : handles) {
			HttpResponse<String> exchanged = this.rp.token(Map.of("grant_type", "authorization_code", "code", handle,
					"redirect_uri", TestRelyingParty.REDIRECT, "code_verifier", TestRelyingParty.Pkce.create().verifier()), dpop());
			assertThat(exchanged.statusCode()).isEqualTo(400);
			assertThat(exchanged.body()).contains("invalid_grant").doesNotContain("access_token");
		}
		for (String handle : List.of(handles.get(0), handles.get(1), handles.get(4))) {
			HttpResponse<String> introspected = authenticated("/oauth2/introspect", "token", handle);
			assertThat(introspected.statusCode()).as(introspected.body()).isEqualTo(200);
			assertThat(TestRelyingParty.json(introspected).get("active").asBoolean()).isFalse();
			assertThat(authenticated("/oauth2/revoke", "token", handle).statusCode()).isEqualTo(200);
		}
		assertThat(this.rp.getWithDpop("/userinfo", tokens.get("access_token").asString()).statusCode())
			.as("revoking the other handles revoked nothing").isEqualTo(200);
	}

	@Test
	@DisplayName("CVE-2026-4634 (Keycloak): a scope of 100,000 words, and acr_values of 10,000 — answered quickly, refused")
	void parWhenScopeOrLevelsAreHugeThenAnsweredQuickly() throws Exception {
		StringBuilder unknown = new StringBuilder("openid");
		StringBuilder levels = new StringBuilder();
		for (int i = 0; i < 100_000; i++) {
			unknown.append(" s").append(i);
			if (i < 10_000) {
				levels.append(i == 0 ? "" : " ").append("urn:x:").append(i);
			}
		}
		long started = System.nanoTime();
		HttpResponse<String> scopes = par("scope", unknown.toString());
		HttpResponse<String> acr = par("acr_values", levels.toString());
		HttpResponse<String> repeated = par("scope", "openid profile ".repeat(50_000).strip());
		assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).isLessThan(java.time.Duration.ofSeconds(5));
		assertThat(scopes.statusCode()).isEqualTo(400);
		// refused as an unknown scope, or before that for its length (a pushed request carries at most 16 KiB)
		assertThat(scopes.body()).containsAnyOf("invalid_scope", "longer than");
		assertThat(acr.statusCode()).isEqualTo(400);
		assertThat(repeated.statusCode()).isIn(201, 400);
	}

	private HttpResponse<String> page(String path, String cookie) throws Exception {
		return this.http.send(HttpRequest.newBuilder(this.api.uri(path)).header("Accept", "text/html")
			.header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());
	}

	@Test
	@DisplayName("CVE-2026-79651 (Keycloak): pages asked for with hundreds of made-up locales in the language cookie — each rendered in English or Japanese, and no other locale reaches the message source's cache")
	void pageWhenLocaleCookieIsMadeUpThenEnglishOrJapaneseAndNothingElseCached() throws Exception {
		for (int i = 0; i < 300; i++) {
			String variant = UUID.randomUUID().toString().replace("-", "");
			HttpResponse<String> made = page(i % 2 == 0 ? "/" : "/signin/error", "tsunagu-lang=xx_YY_" + variant);
			assertThat(made.statusCode()).isEqualTo(200);
			assertThat(made.body()).contains("lang=\"en\"").doesNotContain("lang=\"xx\"");
		}
		HttpResponse<String> japanese = page("/", "tsunagu-lang=ja_JP_" + "A".repeat(2000));
		assertThat(japanese.body()).contains("lang=\"ja\"").contains("あなたのデジタルID");
		for (String broken : new String[] { "tsunagu-lang=!!", "tsunagu-lang=en/Not/AZone", "tsunagu-lang=_" }) {
			HttpResponse<String> page = page("/", broken);
			assertThat(page.statusCode()).as(broken).isEqualTo(200);
			assertThat(page.body()).as(broken).contains("lang=\"en\"");
		}
		Object source = this.context.getBean("messageSource");
		@SuppressWarnings("unchecked")
		Map<String, Map<Locale, ?>> bundles = (Map<String, Map<Locale, ?>>) ReflectionTestUtils.getField(source,
				"cachedResourceBundles");
		assertThat(bundles).isNotNull();
		bundles.values().forEach((byLocale) -> assertThat(byLocale.keySet()).allSatisfy(
				(locale) -> assertThat(locale.getLanguage()).isIn("en", "ja")));
	}

}
