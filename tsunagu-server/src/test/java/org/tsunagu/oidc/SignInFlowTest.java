package org.tsunagu.oidc;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsunagu.TestApi;
import org.tsunagu.TsunaguTest;
import org.tsunagu.registry.TestResidents;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole sign-in as a FAPI 2.0 relying party makes it: PAR with private_key_jwt and PKCE, the card approved
 * through the wallet, consent to some claims, the code exchanged with DPoP, userinfo with only the consented
 * claims, refresh, revocation, and logout.
 */
@TsunaguTest
class SignInFlowTest {

	@Autowired
	TestApi api;

	@TempDir
	Path dir;

	TestRelyingParty rp;

	TestCards card;

	TestBrowser browser;

	@BeforeEach
	void setUp() throws Exception {
		this.rp = TestRelyingParty.register(this.api, "[\"openid\",\"profile\",\"birthdate\",\"address\",\"age_over_18\",\"core_identity\"]",
				"high", "\"postLogoutRedirectUris\":[\"https://rp.example/signed-out\"]");
		this.card = TestCards.issue(this.api, TestResidents.katsuko(), this.dir);
		this.browser = new TestBrowser(this.rp.issuer);
	}

	@Test
	void signInWhenCardApprovesThenTokensCarryPairwiseSubjectAndOnlyConsentedClaims() throws Exception {
		TestRelyingParty.Pkce pkce = TestRelyingParty.Pkce.create();
		Map<String, String> request = this.rp.authorizationParameters(pkce, "openid profile birthdate address age_over_18");
		request.put("acr_values", "urn:tsunagu:loa:high");
		Map<String, String> back = SignInFlows.signIn(this.browser, this.rp, this.card, request,
				List.of("profile", "age_over_18"));
		assertThat(back).containsEntry("state", request.get("state")).containsEntry("iss", this.rp.issuer).containsKey("code");

		String tokenUrl = this.rp.issuer + "/oauth2/token";
		HttpResponse<String> tokens = this.rp.token(Map.of("grant_type", "authorization_code", "code", back.get("code"),
				"redirect_uri", TestRelyingParty.REDIRECT, "code_verifier", pkce.verifier()),
				this.rp.dpop("POST", tokenUrl, null));
		assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
		JsonNode answer = TestRelyingParty.json(tokens);
		assertThat(answer.get("token_type").asString()).isEqualTo("DPoP");
		String accessToken = answer.get("access_token").asString();

		Map<String, Object> id = TestRelyingParty.claims(answer.get("id_token").asString());
		assertThat(id.get("sub").toString()).isNotEqualTo(this.card.residentId()).hasSize(43);
		assertThat(answer.toString()).doesNotContain(this.card.residentId());
		assertThat(id).containsEntry("acr", "urn:tsunagu:loa:high").containsEntry("nonce", request.get("nonce"))
			.containsKeys("auth_time", "amr", "iss", "aud", "exp", "iat");
		assertThat(id.get("iss")).isEqualTo(this.rp.issuer);
		Map<String, Object> at = TestRelyingParty.claims(accessToken);
		assertThat(at.get("sub")).isEqualTo(id.get("sub"));
		assertThat(at).containsEntry("client_id", this.rp.clientId).containsKey("cnf");
		assertThat(at.get("scope").toString()).contains("profile").contains("age_over_18").doesNotContain("birthdate")
			.doesNotContain("address");

		HttpResponse<String> userinfo = this.rp.getWithDpop("/userinfo", accessToken);
		assertThat(userinfo.statusCode()).as(userinfo.headers().map().toString()).isEqualTo(200);
		JsonNode claims = TestRelyingParty.json(userinfo);
		assertThat(claims.get("sub").asString()).isEqualTo(id.get("sub"));
		assertThat(claims.get("name").asString()).isEqualTo("髙橋 葛\uDB40\uDD00子");
		assertThat(claims.get("name#ja-Kana-JP").asString()).isEqualTo("タカハシ カツコ");
		assertThat(claims.get("age_over_18").asBoolean()).isTrue();
		assertThat(claims.has("birthdate")).isFalse();
		assertThat(claims.has("address")).isFalse();

		// the same token as a plain bearer token is refused: it is bound to the DPoP key
		HttpResponse<String> asBearer = java.net.http.HttpClient.newHttpClient()
			.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(this.rp.issuer + "/userinfo"))
				.header("Authorization", "Bearer " + accessToken)
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(asBearer.statusCode()).isEqualTo(401);

		// refresh: bound to the client's authentication, and not rotated (decision 0021)
		String refreshToken = answer.get("refresh_token").asString();
		HttpResponse<String> refreshed = this.rp.token(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken),
				this.rp.dpop("POST", tokenUrl, null));
		assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
		String newAccess = TestRelyingParty.json(refreshed).get("access_token").asString();
		String newRefresh = TestRelyingParty.json(refreshed).get("refresh_token").asString();
		assertThat(newRefresh).isEqualTo(refreshToken);

		// revocation of the refresh token ends the grant: its access token no longer works
		HttpResponse<String> revoked = this.rp.postForm("/oauth2/revoke", Map.of("token", newRefresh,
				"token_type_hint", "refresh_token", "client_id", this.rp.clientId, "client_assertion_type",
				"urn:ietf:params:oauth:client-assertion-type:jwt-bearer", "client_assertion", this.rp.assertion()), null);
		assertThat(revoked.statusCode()).isEqualTo(200);
		assertThat(this.rp.getWithDpop("/userinfo", newAccess).statusCode()).isEqualTo(401);
		HttpResponse<String> introspected = this.rp.postForm("/oauth2/introspect", Map.of("token", newAccess,
				"client_id", this.rp.clientId, "client_assertion_type",
				"urn:ietf:params:oauth:client-assertion-type:jwt-bearer", "client_assertion", this.rp.assertion()), null);
		assertThat(TestRelyingParty.json(introspected).get("active").asBoolean()).isFalse();
	}

	@Test
	void logoutWhenIdTokenHintGivenThenSessionEndsAndGrantsAreRevoked() throws Exception {
		TestRelyingParty.Pkce pkce = TestRelyingParty.Pkce.create();
		Map<String, String> back = SignInFlows.signIn(this.browser, this.rp, this.card,
				this.rp.authorizationParameters(pkce, "openid profile"), List.of("profile"));
		HttpResponse<String> tokens = this.rp.token(Map.of("grant_type", "authorization_code", "code", back.get("code"),
				"redirect_uri", TestRelyingParty.REDIRECT, "code_verifier", pkce.verifier()),
				this.rp.dpop("POST", this.rp.issuer + "/oauth2/token", null));
		JsonNode answer = TestRelyingParty.json(tokens);
		HttpResponse<String> logout = this.browser.get("/connect/logout?id_token_hint=" + answer.get("id_token").asString()
				+ "&post_logout_redirect_uri=https://rp.example/signed-out&state=bye");
		assertThat(logout.statusCode()).as(logout.body()).isEqualTo(302);
		assertThat(TestBrowser.location(logout)).isEqualTo("https://rp.example/signed-out?state=bye");
		assertThat(this.rp.getWithDpop("/userinfo", answer.get("access_token").asString()).statusCode()).isEqualTo(401);
		// a new authorization needs a new sign-in
		String requestUri = SignInFlows.push(this.rp, this.rp.authorizationParameters(TestRelyingParty.Pkce.create(), "openid"));
		HttpResponse<String> again = SignInFlows.startAt(this.browser, this.rp, requestUri);
		assertThat(again.body()).contains("data-pairing-code");
	}

}
