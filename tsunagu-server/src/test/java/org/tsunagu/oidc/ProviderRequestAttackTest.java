package org.tsunagu.oidc;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.tsunagu.TestApi;
import org.tsunagu.TsunaguTest;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tsunagu.oidc.TestRelyingParty.signed;

/**
 * Attacks the OpenID Provider checklist names (docs: standards.md, RFC 9700, FAPI 2.0) on what a client sends
 * before any code: the pushed authorization request (redirect URI, PKCE, response type, scope, level, nonce) and
 * the client's authentication with it (replayed, forged or wrong assertions, zero signatures, client secrets),
 * requests not pushed, the redirect URIs a registration may name, and discovery advertising only what is
 * supported. Each is made as an attacker would make it, and refused; where a CVE is named, the test reproduces
 * that CVE's request.
 */
@TsunaguTest
class ProviderRequestAttackTest {

	@Autowired
	TestApi api;

	TestRelyingParty rp;

	@BeforeEach
	void setUp() throws Exception {
		this.rp = TestRelyingParty.register(this.api, "[\"openid\",\"profile\"]", "substantial", null);
	}

	private HttpResponse<String> parWith(Map<String, String> changes) throws Exception {
		Map<String, String> p = this.rp.authorizationParameters(TestRelyingParty.Pkce.create(), "openid profile");
		changes.forEach((k, v) -> {
			if (v == null) {
				p.remove(k);
			}
			else {
				p.put(k, v);
			}
		});
		return this.rp.par(p);
	}

	private static java.util.HashMap<String, String> change(String... pairs) {
		java.util.HashMap<String, String> m = new java.util.HashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			m.put(pairs[i], pairs[i + 1]);
		}
		return m;
	}

	@Test
	@DisplayName("redirect_uri: only the exact registered string (Keycloak CVE-2023-6291, CVE-2024-1132, CVE-2024-8883, CVE-2026-3872; fosite CVE-2020-15233, CVE-2020-15234)")
	void parWhenRedirectUriIsNotExactlyRegisteredThenRefused() throws Exception {
		for (String uri : List.of("https://rp.example/callback/", "https://RP.example/callback", "https://rp.example/Callback",
				"https://rp.example/callback?x=1", "https://rp.example/callback#frag", "https://rp.example/callback/..;/admin",
				"https://attacker@rp.example/callback", "https://rp.example.attacker.com/callback",
				"https://rp.example/callback/../evil", "javascript:alert(1)", "data:text/html,hi",
				"http://rp.example/callback")) {
			HttpResponse<String> refused = parWith(change("redirect_uri", uri));
			assertThat(refused.statusCode()).as(uri).isEqualTo(400);
			assertThat(refused.body()).as(uri).contains("invalid_request");
		}
	}

	@Test
	@DisplayName("registration refuses userinfo, dot segments, fragments, wildcards, schemes other than https and non-loopback http")
	void registrationWhenRedirectUriIsDangerousThenRefused() {
		for (String uri : List.of("https://user@rp.example/cb", "https://rp.example/a/..;/cb", "https://rp.example/a/../cb",
				"https://rp.example/cb#x", "https://*.rp.example/cb", "javascript:alert(1)", "data:text/html,x",
				"http://rp.example/cb", "custom:/cb")) {
			TestApi.Response refused = this.api.postJson("/api/v1/relying-parties", """
					{"name":{"en":"X","ja":"X"},"kind":"private","sectorIdentifier":"https://x.example",
					 "redirectUris":["%s"],"jwksUri":"https://x.example/jwks","scopes":["openid"],"maxAssurance":"low",
					 "policyUrl":"https://x.example/p"}""".formatted(uri));
			assertThat(refused.status()).as(uri).isEqualTo(400);
			assertThat(refused.body()).as(uri).contains("/redirectUris/0");
		}
	}

	@Test
	@DisplayName("PKCE: S256 only, and required (PKCE downgrade, CVE-2024-22258)")
	void parWhenPkceIsPlainOrMissingThenRefused() throws Exception {
		assertThat(parWith(change("code_challenge_method", "plain")).statusCode()).isEqualTo(400);
		assertThat(parWith(change("code_challenge_method", null)).statusCode()).isEqualTo(400);
		java.util.HashMap<String, String> none = change();
		none.put("code_challenge", null);
		none.put("code_challenge_method", null);
		assertThat(parWith(none).statusCode()).isEqualTo(400);
	}

	@Test
	@DisplayName("response_type=code only: no implicit or hybrid; no password grant (Keycloak CVE-2026-7571, CVE-2026-9792)")
	void whenImplicitOrPasswordThenRefused() throws Exception {
		for (String type : List.of("token", "id_token", "code id_token", "code token")) {
			assertThat(parWith(change("response_type", type)).statusCode()).as(type).isEqualTo(400);
		}
		HttpResponse<String> password = this.rp.token(Map.of("grant_type", "password", "username", "a", "password", "b"),
				this.rp.dpop("POST", this.rp.issuer + "/oauth2/token", null));
		assertThat(password.statusCode()).isEqualTo(400);
		assertThat(password.body()).contains("unsupported_grant_type");
	}

	@Test
	@DisplayName("pushed authorization requests required: a front-channel request is refused without a redirect")
	void authorizeWhenNotPushedThenRefusedWithoutRedirect() throws Exception {
		TestBrowser browser = new TestBrowser(this.rp.issuer);
		Map<String, String> p = this.rp.authorizationParameters(TestRelyingParty.Pkce.create(), "openid");
		HttpResponse<String> direct = browser.get("/oauth2/authorize?" + TestRelyingParty.encode(p));
		assertThat(direct.statusCode()).isEqualTo(302);
		assertThat(TestBrowser.location(direct)).contains("/signin/error?error=invalid_request")
			.doesNotStartWith(TestRelyingParty.REDIRECT);
		HttpResponse<String> unknown = browser.get("/oauth2/authorize?client_id=" + this.rp.clientId
				+ "&request_uri=urn:ietf:params:oauth:request_uri:nope___" + (System.currentTimeMillis() + 100_000));
		assertThat(TestBrowser.location(unknown)).doesNotStartWith(TestRelyingParty.REDIRECT);
	}

	@Test
	@DisplayName("PAR needs client authentication; a request_uri lives at most 600 s")
	void parWhenUnauthenticatedThenRefusedAndRequestUriIsShortLived() throws Exception {
		Map<String, String> p = this.rp.authorizationParameters(TestRelyingParty.Pkce.create(), "openid");
		p.put("client_id", this.rp.clientId);
		HttpResponse<String> anonymous = this.rp.postForm("/oauth2/par", p, null);
		assertThat(anonymous.statusCode()).isEqualTo(401);
		HttpResponse<String> pushed = this.rp.par(this.rp.authorizationParameters(TestRelyingParty.Pkce.create(), "openid"));
		assertThat(TestRelyingParty.json(pushed).get("expires_in").asInt()).isPositive().isLessThanOrEqualTo(600);
		assertThat(TestRelyingParty.json(pushed).get("request_uri").asString().length()).isGreaterThan(40);
	}

	@Test
	@DisplayName("private_key_jwt: a replayed jti is refused (CVE-2020-15222)")
	void tokenWhenAssertionJtiIsReplayedThenRefused() throws Exception {
		String assertion = this.rp.assertion();
		assertThat(parWith(change("client_assertion", assertion)).statusCode()).isEqualTo(201);
		HttpResponse<String> replay = parWith(change("client_assertion", assertion));
		assertThat(replay.statusCode()).isEqualTo(401);
		assertThat(replay.body()).contains("invalid_client");
	}

	@Test
	@DisplayName("private_key_jwt: the issuer is accepted as aud; another audience, a future iat, a long life are refused")
	void tokenWhenAssertionClaimsAreWrongThenRefused() throws Exception {
		assertThat(parWith(change("client_assertion", this.rp.assertion(this.rp.issuer, UUID.randomUUID().toString(),
				Instant.now()))).statusCode()).isEqualTo(201);
		assertThat(parWith(change("client_assertion", this.rp.assertion("https://other.example", UUID.randomUUID().toString(),
				Instant.now()))).statusCode()).isEqualTo(401);
		assertThat(parWith(change("client_assertion", this.rp.assertion(this.rp.issuer, UUID.randomUUID().toString(),
				Instant.now().plusSeconds(60)))).statusCode()).isEqualTo(401);
		JWTClaimsSet longLived = new JWTClaimsSet.Builder().issuer(this.rp.clientId).subject(this.rp.clientId)
			.audience(this.rp.issuer).jwtID(UUID.randomUUID().toString()).issueTime(new Date())
			.expirationTime(Date.from(Instant.now().plusSeconds(3600))).build();
		assertThat(parWith(change("client_assertion", signed(longLived, this.rp.clientKey, null))).statusCode()).isEqualTo(401);
	}

	@Test
	@DisplayName("alg none, HMAC with the public key, an embedded jwk, a stranger's key are refused (CVE-2018-0114, CVE-2022-23540; Keycloak CVE-2026-16093)")
	void tokenWhenAssertionIsForgedThenRefused() throws Exception {
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(this.rp.clientId).subject(this.rp.clientId)
			.audience(this.rp.issuer).jwtID(UUID.randomUUID().toString()).issueTime(new Date())
			.expirationTime(Date.from(Instant.now().plusSeconds(60))).build();
		assertThat(parWith(change("client_assertion", new PlainJWT(claims).serialize())).statusCode()).isEqualTo(401);
		SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(this.rp.clientKey.getKeyID()).build(), claims);
		hmac.sign(new MACSigner(this.rp.clientKey.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8)));
		assertThat(parWith(change("client_assertion", hmac.serialize())).statusCode()).isEqualTo(401);
		ECKey attacker = new ECKeyGenerator(Curve.P_256).keyID(this.rp.clientKey.getKeyID()).generate();
		assertThat(parWith(change("client_assertion", signed(claims, attacker, attacker))).statusCode()).isEqualTo(401);
		assertThat(parWith(change("client_assertion", signed(claims, attacker, null))).statusCode()).isEqualTo(401);
	}

	@Test
	@DisplayName("ECDSA signatures with r = s = 0 are refused (psychic signatures, CVE-2022-21449)")
	void tokenWhenSignatureIsZeroThenRefused() throws Exception {
		String valid = this.rp.assertion();
		String zero = valid.substring(0, valid.lastIndexOf('.') + 1)
				+ Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[64]);
		assertThat(parWith(change("client_assertion", zero)).statusCode()).isEqualTo(401);
	}

	@Test
	@DisplayName("client secrets are never accepted")
	void tokenWhenClientSecretThenRefused() throws Exception {
		HttpResponse<String> basic = java.net.http.HttpClient.newHttpClient()
			.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(this.rp.issuer + "/oauth2/par"))
				.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((this.rp.clientId + ":secret").getBytes()))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(java.net.http.HttpRequest.BodyPublishers.ofString(TestRelyingParty.encode(
						this.rp.authorizationParameters(TestRelyingParty.Pkce.create(), "openid"))))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(basic.statusCode()).isEqualTo(401);
	}

	@Test
	@DisplayName("scopes: only what is registered and what a person can grant; acr_values above the registration is refused")
	void parWhenScopeOrLevelIsNotAllowedThenRefused() throws Exception {
		assertThat(parWith(change("scope", "openid birthdate")).statusCode()).isEqualTo(400);
		assertThat(parWith(change("scope", "openid registry:read")).statusCode()).isEqualTo(400);
		assertThat(parWith(change("scope", "profile")).statusCode()).isEqualTo(400);
		HttpResponse<String> high = parWith(change("acr_values", "urn:tsunagu:loa:high"));
		assertThat(high.statusCode()).isEqualTo(400);
		assertThat(parWith(change("acr_values", "urn:tsunagu:loa:substantial")).statusCode()).isEqualTo(201);
		assertThat(parWith(change("acr_values", "http://eidas.europa.eu/LoA/low")).statusCode()).isEqualTo(201);
		assertThat(parWith(change("acr_values", "urn:other:loa")).statusCode()).isEqualTo(400);
		assertThat(parWith(change("request", "eyJhbGciOiJub25lIn0.e30.")).statusCode()).isEqualTo(400);
	}

	@Test
	@DisplayName("nonces of 64 characters are accepted, of more than 255 refused")
	void parWhenNonceIsLongThenAcceptedUpToALimit() throws Exception {
		assertThat(parWith(change("nonce", "n".repeat(64))).statusCode()).isEqualTo(201);
		assertThat(parWith(change("nonce", "n".repeat(256))).statusCode()).isEqualTo(400);
	}

	@Test
	@DisplayName("discovery advertises exactly FAPI 2.0's choices: ES256, private_key_jwt, PAR required, S256, pairwise")
	void discoveryWhenReadThenAdvertisesOnlyWhatIsSupported() throws Exception {
		var discovery = this.api.get("/.well-known/openid-configuration").jsonBody();
		assertThat(discovery.get("id_token_signing_alg_values_supported").toString()).isEqualTo("[\"ES256\"]");
		assertThat(discovery.get("token_endpoint_auth_methods_supported").toString()).isEqualTo("[\"private_key_jwt\"]");
		assertThat(discovery.get("require_pushed_authorization_requests").asBoolean()).isTrue();
		assertThat(discovery.get("authorization_response_iss_parameter_supported").asBoolean()).isTrue();
		assertThat(discovery.get("code_challenge_methods_supported").toString()).isEqualTo("[\"S256\"]");
		assertThat(discovery.get("subject_types_supported").toString()).isEqualTo("[\"pairwise\"]");
		assertThat(discovery.get("response_types_supported").toString()).isEqualTo("[\"code\"]");
		assertThat(discovery.get("acr_values_supported").toString()).contains("urn:tsunagu:loa:high");
		assertThat(discovery.toString()).doesNotContain("client_secret").doesNotContain("RS256\"]");
		var oauth = this.api.get("/.well-known/oauth-authorization-server").jsonBody();
		assertThat(oauth.get("token_endpoint_auth_methods_supported").toString()).isEqualTo("[\"private_key_jwt\"]");
	}

}
