package org.tsunagu.oidc;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.JWKSet;
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
 * Modules of {@code fapi2-security-profile-final-test-plan} (openid-certification/conformance-suite) about discovery
 * and the whole flow, each named after its module and made as the suite makes it: discovery, the happy flow with two
 * clients, the resident declining, nonces and states of the lengths the suite sends, scopes in another order.
 */
@TsunaguTest
class FapiConformanceTest {

	static final String QUERY_REDIRECT = TestRelyingParty.REDIRECT + "?dummy1=lorem&dummy2=ipsum";

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

	private JsonNode signInAndExchange(TestRelyingParty service, Map<String, String> request, TestRelyingParty.Pkce pkce)
			throws Exception {
		Map<String, String> back = SignInFlows.signIn(this.browser, service, this.card, request, List.of("profile"));
		HttpResponse<String> tokens = SignInFlows.exchange(service, back, pkce, service.dpopKey);
		assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
		return TestRelyingParty.json(tokens);
	}

	@Test
	@DisplayName("fapi2-security-profile-final-discovery-end-point-verification: what the suite checks in discovery, and no empty list of algorithms")
	void discoveryWhenReadThenMeetsTheSuitesChecks() throws Exception {
		JsonNode discovery = this.api.get("/.well-known/openid-configuration").jsonBody();
		assertThat(discovery.get("issuer").asString()).isEqualTo(this.rp.issuer);
		assertThat(discovery.get("pushed_authorization_request_endpoint").asString()).isEqualTo(this.rp.issuer + "/oauth2/par");
		assertThat(discovery.get("require_pushed_authorization_requests").asBoolean()).isTrue();
		assertThat(discovery.get("jwks_uri").asString()).startsWith(this.rp.issuer);
		assertThat(discovery.get("response_types_supported").toString()).contains("\"code\"");
		assertThat(discovery.get("code_challenge_methods_supported").toString()).isEqualTo("[\"S256\"]");
		assertThat(discovery.get("token_endpoint_auth_methods_supported").toString()).isEqualTo("[\"private_key_jwt\"]");
		assertThat(discovery.get("authorization_response_iss_parameter_supported").asBoolean()).isTrue();
		assertThat(discovery.get("scopes_supported").toString()).contains("\"openid\"");
		assertThat(discovery.get("subject_types_supported").toString()).isEqualTo("[\"pairwise\"]");
		for (String algorithms : List.of("token_endpoint_auth_signing_alg_values_supported", "dpop_signing_alg_values_supported",
				"id_token_signing_alg_values_supported")) {
			assertThat(discovery.get(algorithms).isEmpty()).as(algorithms).isFalse();
			discovery.get(algorithms).forEach((alg) -> assertThat(alg.asString()).as(algorithms).isIn("PS256", "ES256", "EdDSA"));
		}
		// present only when non-empty: the suite reads an empty list as "nothing accepted"
		discovery.properties().forEach((member) -> assertThat(member.getValue().isArray() && member.getValue().isEmpty())
			.as(member.getKey()).isFalse());
		assertThat(discovery.has("claims_parameter_supported")).isFalse();
		assertThat(JWKSet.parse(this.api.get("/oauth2/jwks").body()).getKeys()).allMatch((key) -> !key.isPrivate());
	}

	@Test
	@DisplayName("fapi2-security-profile-final-happy-flow: two clients, a redirect URI with a query, parameters repeated on the authorization request, access_token in a query refused, one client's key with the other's token refused")
	void happyFlowWhenTwoClientsThenEachGetsItsOwnBoundTokens() throws Exception {
		TestRelyingParty.Pkce pkce = TestRelyingParty.Pkce.create();
		JsonNode first = signInAndExchange(this.rp, this.rp.authorizationParameters(pkce, "openid profile"), pkce);

		TestRelyingParty second = TestRelyingParty.register(this.api, "[\"openid\",\"profile\"]", "high", null, QUERY_REDIRECT);
		TestRelyingParty.Pkce pkce2 = TestRelyingParty.Pkce.create();
		Map<String, String> request = second.authorizationParameters(pkce2, "openid profile");
		request.put("nonce", "n".repeat(43));
		request.put("dpop_jkt", second.dpopKey.computeThumbprint().toString());
		String repeated = "&response_type=code&scope=" + URLEncoder.encode("openid profile", StandardCharsets.UTF_8)
				+ "&redirect_uri=" + URLEncoder.encode(QUERY_REDIRECT, StandardCharsets.UTF_8);
		Map<String, String> back = SignInFlows.signInAt(this.browser, second, this.card, SignInFlows.push(second, request),
				repeated, List.of("profile"));
		assertThat(back).containsEntry("dummy1", "lorem").containsEntry("dummy2", "ipsum")
			.containsEntry("state", request.get("state")).containsEntry("iss", this.rp.issuer).containsKey("code");
		HttpResponse<String> exchanged = SignInFlows.exchange(second, back, pkce2, second.dpopKey);
		assertThat(exchanged.statusCode()).as(exchanged.body()).isEqualTo(200);
		JsonNode tokens = TestRelyingParty.json(exchanged);
		assertThat(tokens.get("token_type").asString()).isEqualTo("DPoP");
		assertThat(tokens.get("expires_in").asLong()).isPositive();
		SignedJWT id = SignedJWT.parse(tokens.get("id_token").asString());
		assertThat(JWKSet.parse(this.api.get("/oauth2/jwks").body()).getKeyByKeyId(id.getHeader().getKeyID())).isNotNull();
		assertThat(id.getJWTClaimsSet().getStringClaim("nonce")).isEqualTo("n".repeat(43));
		assertThat(id.getJWTClaimsSet().getAudience()).containsExactly(second.clientId);

		String token = tokens.get("access_token").asString();
		assertThat(second.getWithDpop("/userinfo", token).statusCode()).isEqualTo(200);
		HttpResponse<String> inQuery = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(this.rp.issuer + "/userinfo?access_token=" + token)).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(inQuery.statusCode()).isEqualTo(401);
		assertThat(this.rp.getWithDpop("/userinfo", token).statusCode()).as("client 1's key, client 2's token").isEqualTo(401);
		assertThat(this.rp.getWithDpop("/userinfo", first.get("access_token").asString()).statusCode()).isEqualTo(200);
	}

	@Test
	@DisplayName("fapi2-security-profile-final-user-rejects-authentication: access_denied with the 128-character state and iss")
	void declinedWhenLongStateThenAccessDeniedWithStateAndIss() throws Exception {
		Map<String, String> request = this.rp.authorizationParameters(TestRelyingParty.Pkce.create(), "openid profile");
		request.put("state", "s".repeat(128));
		HttpResponse<String> consent = SignInFlows.approveAndContinue(this.browser, this.rp, this.card,
				SignInFlows.startAt(this.browser, this.rp, SignInFlows.push(this.rp, request)));
		HttpResponse<String> declined = this.browser.postEncoded("/oauth2/authorize", "client_id="
				+ TestBrowser.hidden(consent.body(), "client_id") + "&state="
				+ URLEncoder.encode(TestBrowser.hidden(consent.body(), "state"), StandardCharsets.UTF_8));
		assertThat(TestBrowser.location(declined)).startsWith(TestRelyingParty.REDIRECT);
		assertThat(TestRelyingParty.query(TestBrowser.location(declined))).containsEntry("error", "access_denied")
			.containsEntry("state", "s".repeat(128)).containsEntry("iss", this.rp.issuer).doesNotContainKey("code");
	}

	@Test
	@DisplayName("fapi2-security-profile-final-ensure-authorization-request-with-64-char-nonce-success: the nonce comes back intact in the ID token")
	void signInWhen64CharacterNonceThenReturnedIntact() throws Exception {
		TestRelyingParty.Pkce pkce = TestRelyingParty.Pkce.create();
		Map<String, String> request = this.rp.authorizationParameters(pkce, "openid profile");
		request.put("nonce", "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_"); // 64
		JsonNode tokens = signInAndExchange(this.rp, request, pkce);
		assertThat(TestRelyingParty.claims(tokens.get("id_token").asString())).containsEntry("nonce", request.get("nonce"));
	}

	@Test
	@DisplayName("fapi2-security-profile-final-ensure-other-scope-order-succeeds: scopes in reverse order, the whole flow")
	void signInWhenScopesReversedThenTheWholeFlowSucceeds() throws Exception {
		TestRelyingParty.Pkce pkce = TestRelyingParty.Pkce.create();
		JsonNode tokens = signInAndExchange(this.rp, this.rp.authorizationParameters(pkce, "profile openid"), pkce);
		assertThat(this.rp.getWithDpop("/userinfo", tokens.get("access_token").asString()).statusCode()).isEqualTo(200);
		assertThat(tokens.get("scope").asString()).contains("openid").contains("profile");
	}

	@Test
	@DisplayName("fapi2-security-profile-final-ensure-authorization-request-with-long-state: a 1000-character state comes back intact")
	void signInWhenStateIsAThousandCharactersThenReturnedIntact() throws Exception {
		Map<String, String> request = this.rp.authorizationParameters(TestRelyingParty.Pkce.create(), "openid profile");
		request.put("state", "0123456789".repeat(100));
		assertThat(SignInFlows.signIn(this.browser, this.rp, this.card, request, List.of("profile")))
			.containsEntry("state", request.get("state"));
	}

}
