package org.tsunagu.oidc;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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
 * Modules of {@code oidcc-basic-certification-test-plan} about what a request may carry, made through this
 * provider's pushed requests and DPoP (the plan itself authenticates clients with secrets, which this provider
 * never accepts): the address scope, {@code display}, {@code claims_locales}, the {@code claims} parameter, an
 * authorization request sent as a POST.
 */
@TsunaguTest
class OidccConformanceTest {

	@Autowired
	TestApi api;

	@TempDir
	Path dir;

	TestRelyingParty rp;

	TestCards card;

	TestBrowser browser;

	@BeforeEach
	void setUp() throws Exception {
		this.rp = TestRelyingParty.register(this.api, "[\"openid\",\"profile\",\"address\"]", "high", null);
		this.card = TestCards.issue(this.api, TestResidents.katsuko(), this.dir);
		this.browser = new TestBrowser(this.rp.issuer);
	}

	/** A sign-in with {@code extra} parameters pushed, consenting to {@code consented}; answers userinfo. */
	private JsonNode userinfo(String scope, Map<String, String> extra, List<String> consented) throws Exception {
		TestRelyingParty.Pkce pkce = TestRelyingParty.Pkce.create();
		Map<String, String> request = this.rp.authorizationParameters(pkce, scope);
		request.putAll(extra);
		Map<String, String> back = SignInFlows.signIn(this.browser, this.rp, this.card, request, consented);
		HttpResponse<String> tokens = SignInFlows.exchange(this.rp, back, pkce, this.rp.dpopKey);
		assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
		HttpResponse<String> userinfo = this.rp.getWithDpop("/userinfo", TestRelyingParty.json(tokens).get("access_token").asString());
		assertThat(userinfo.statusCode()).isEqualTo(200);
		return TestRelyingParty.json(userinfo);
	}

	@Test
	@DisplayName("oidcc-scope-address: the address scope, consented, releases the address")
	void signInWhenAddressScopeConsentedThenAddressReleased() throws Exception {
		JsonNode claims = userinfo("openid address", Map.of(), List.of("address"));
		assertThat(claims.get("address").isObject()).as(claims.toString()).isTrue();
		assertThat(claims.get("address").toString()).contains("千代田");
		assertThat(claims.has("name")).isFalse();
	}

	@Test
	@DisplayName("oidcc-display-popup / oidcc-claims-locales: display=popup and claims_locales=se cause no error")
	void signInWhenDisplayPopupAndClaimsLocalesThenNoError() throws Exception {
		JsonNode claims = userinfo("openid profile", Map.of("display", "popup", "claims_locales", "se"), List.of("profile"));
		assertThat(claims.has("name")).isTrue();
	}

	@Test
	@DisplayName("oidcc-claims-essential: a claims parameter asking for name as essential causes no error, and name is released with profile")
	void signInWhenClaimsParameterThenNoErrorAndConsentedClaimsReleased() throws Exception {
		JsonNode claims = userinfo("openid profile", Map.of("claims", "{\"userinfo\":{\"name\":{\"essential\":true}}}"),
				List.of("profile"));
		assertThat(claims.has("name")).isTrue();
	}

	@Test
	@DisplayName("oidcc-ensure-post-request-succeeds: the authorization request sent as a form POST")
	void authorizeWhenPostedThenTheSignInProceeds() throws Exception {
		TestRelyingParty.Pkce pkce = TestRelyingParty.Pkce.create();
		Map<String, String> request = this.rp.authorizationParameters(pkce, "openid profile");
		String requestUri = SignInFlows.push(this.rp, request);
		HttpResponse<String> posted = this.browser.postEncoded("/oauth2/authorize",
				"client_id=" + this.rp.clientId + "&request_uri=" + URLEncoder.encode(requestUri, StandardCharsets.UTF_8));
		HttpResponse<String> page = this.browser.follow(posted);
		assertThat(page.body()).as(posted.statusCode() + " " + TestBrowser.location(posted)).contains("data-pairing-code");
		HttpResponse<String> back = SignInFlows.finish(this.browser, SignInFlows.approveAndContinue(this.browser, this.rp, this.card, page),
				List.of("profile"));
		Map<String, String> answer = TestRelyingParty.query(TestBrowser.location(back));
		assertThat(answer).containsEntry("state", request.get("state")).containsKey("code");
		assertThat(SignInFlows.exchange(this.rp, answer, pkce, this.rp.dpopKey).statusCode()).isEqualTo(200);
	}

}
