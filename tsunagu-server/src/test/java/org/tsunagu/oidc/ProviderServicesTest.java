package org.tsunagu.oidc;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.JWKSet;
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

/**
 * The provider as services, residents and operators use it: client credentials for the operator API, levels of
 * assurance, a suspended card, the pairing code's rules, consents a resident withdraws, signing-key rotation.
 */
@TsunaguTest
class ProviderServicesTest {

	@Autowired
	TestApi api;

	@Autowired
	TestClock clock;

	@TempDir
	Path dir;

	TestRelyingParty rp;

	TestBrowser browser;

	@BeforeEach
	void setUp() throws Exception {
		this.rp = TestRelyingParty.register(this.api, "[\"openid\",\"profile\",\"me:read\"]", "high", null);
		this.browser = new TestBrowser(this.rp.issuer);
	}

	@AfterEach
	void resetClock() {
		this.clock.reset();
	}

	@Test
	@DisplayName("client credentials: a service's DPoP-bound token opens the operator API for its scopes only")
	void clientCredentialsWhenServiceScopeThenOperatorApiAcceptsTheToken() throws Exception {
		String resident = this.api.postJson("/api/v1/residents", TestResidents.katsuko()).jsonBody().get("id").asString();
		TestRelyingParty service = TestRelyingParty.register(this.api, "[]", "low", "\"serviceScopes\":[\"registry:read\"],\"redirectUris\":[]");
		String tokenUrl = service.issuer + "/oauth2/token";
		HttpResponse<String> granted = service.token(Map.of("grant_type", "client_credentials", "scope", "registry:read"),
				service.dpop("POST", tokenUrl, null));
		assertThat(granted.statusCode()).as(granted.body()).isEqualTo(200);
		String token = TestRelyingParty.json(granted).get("access_token").asString();
		assertThat(TestRelyingParty.claims(token)).containsEntry("sub", service.clientId).containsEntry("scope", "registry:read");
		assertThat(service.getWithDpop("/api/v1/residents/" + resident, token).statusCode()).isEqualTo(200);
		HttpResponse<String> write = service.getWithDpop("/api/v1/imports/none", token);
		assertThat(write.statusCode()).isIn(200, 404);
		assertThat(service.getWithDpop("/api/v1/relying-parties", token).statusCode()).isEqualTo(403);
		HttpResponse<String> more = service.token(Map.of("grant_type", "client_credentials", "scope", "registry:write"),
				service.dpop("POST", tokenUrl, null));
		assertThat(more.statusCode()).isEqualTo(400);
		assertThat(more.body()).contains("invalid_scope");
	}

	@Test
	@DisplayName("a resident's token never holds an operator role, and reads only the resident's own consents")
	void residentTokenWhenUsedOnOperatorApiThenForbidden() throws Exception {
		TestCards card = TestCards.issue(this.api, TestResidents.katsuko(), this.dir);
		TestRelyingParty.Pkce pkce = TestRelyingParty.Pkce.create();
		Map<String, String> back = SignInFlows.signIn(this.browser, this.rp, card,
				this.rp.authorizationParameters(pkce, "openid profile me:read"), List.of("profile", "me:read"));
		String token = exchange(back, pkce);
		assertThat(this.rp.getWithDpop("/api/v1/residents/" + card.residentId(), token).statusCode()).isEqualTo(403);
		HttpResponse<String> consents = this.rp.getWithDpop("/api/v1/me/consents", token);
		assertThat(consents.statusCode()).as(consents.body()).isEqualTo(200);
		JsonNode listed = TestRelyingParty.json(consents).get("consents").get(0);
		assertThat(listed.get("clientId").asString()).isEqualTo(this.rp.clientId);
		assertThat(listed.get("service").get("ja").asString()).isEqualTo("さくら銀行");
		assertThat(listed.get("claims").toString()).contains("name");

		// withdrawing ends the service's grant at once
		HttpResponse<String> withdrawn = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
			.newBuilder(java.net.URI.create(this.rp.issuer + "/api/v1/me/consents/" + this.rp.clientId))
			.header("Authorization", "DPoP " + token)
			.header("DPoP", this.rp.dpop("DELETE", this.rp.issuer + "/api/v1/me/consents/" + this.rp.clientId, token))
			.DELETE()
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(withdrawn.statusCode()).isEqualTo(204);
		assertThat(this.rp.getWithDpop("/userinfo", token).statusCode()).isEqualTo(401);
		// the next sign-in asks again
		String requestUri = SignInFlows.push(this.rp, this.rp.authorizationParameters(TestRelyingParty.Pkce.create(), "openid profile"));
		HttpResponse<String> again = SignInFlows.startAt(this.browser, this.rp, requestUri);
		assertThat(again.statusCode()).isEqualTo(200);
		assertThat(again.body()).contains("Share your information with Sakura Bank?");
	}

	@Test
	@DisplayName("acr: the answer names the level reached, in the vocabulary asked (eIDAS)")
	void signInWhenEidasAskedThenEidasAnswered() throws Exception {
		TestCards card = TestCards.issue(this.api, TestResidents.katsuko(), this.dir);
		TestRelyingParty.Pkce pkce = TestRelyingParty.Pkce.create();
		Map<String, String> request = this.rp.authorizationParameters(pkce, "openid");
		request.put("acr_values", "http://eidas.europa.eu/LoA/substantial");
		Map<String, String> back = SignInFlows.signIn(this.browser, this.rp, card, request, List.of());
		HttpResponse<String> tokens = this.rp.token(Map.of("grant_type", "authorization_code", "code", back.get("code"),
				"redirect_uri", TestRelyingParty.REDIRECT, "code_verifier", pkce.verifier()),
				this.rp.dpop("POST", this.rp.issuer + "/oauth2/token", null));
		assertThat(TestRelyingParty.claims(TestRelyingParty.json(tokens).get("id_token").asString()))
			.containsEntry("acr", "http://eidas.europa.eu/LoA/high");
	}

	@Test
	@DisplayName("a suspended card signs no one in, at once")
	void approveWhenCardSuspendedThenRefused() throws Exception {
		TestCards card = TestCards.issue(this.api, TestResidents.katsuko(), this.dir);
		String cardId = tools.jackson.databind.json.JsonMapper.builder().build()
			.readTree(Files.readString(card.dir().resolve("card.json"))).get("cardId").asString();
		assertThat(this.api.postJson("/api/v1/cards/" + cardId + "/suspend", "").status()).isEqualTo(200);
		HttpResponse<String> page = this.browser.get("/signin");
		String code = TestBrowser.attribute(page.body(), "data-pairing-code");
		assertThat(card.approve(this.rp.issuer, code)).contains("suspended");
	}

	@Test
	@DisplayName("pairing codes: used once, expire in 120 s, locked after 3 bad approvals; unknown and expired look alike (Keycloak CVE-2024-7318)")
	void pairingCodeRules() throws Exception {
		TestCards card = TestCards.issue(this.api, TestResidents.katsuko(), this.dir);
		String code = TestBrowser.attribute(this.browser.get("/signin").body(), "data-pairing-code");
		assertThat(card.approve(this.rp.issuer, code)).contains("Approved");
		assertThat(card.approve(this.rp.issuer, code)).contains("unknown, has expired or was used");

		String late = TestBrowser.attribute(new TestBrowser(this.rp.issuer).get("/signin").body(), "data-pairing-code");
		this.clock.advance(Duration.ofSeconds(121));
		assertThat(card.approve(this.rp.issuer, late)).contains("unknown, has expired or was used");
		this.clock.reset();
		assertThat(card.approve(this.rp.issuer, "ZZZZ-ZZZZ")).contains("unknown, has expired or was used");

		String guessed = TestBrowser.attribute(new TestBrowser(this.rp.issuer).get("/signin").body(), "data-pairing-code");
		for (int i = 0; i < 3; i++) {
			HttpResponse<String> bad = this.rp.postForm("/signin/pairings/approval", Map.of(), null);
			assertThat(bad.statusCode()).isIn(400, 415);
			TestApi.Response forged = this.api.postJson("/signin/pairings/approval", """
					{"code":"%s","certificate":"%s","signature":"AAAA"}""".formatted(guessed,
					java.util.Base64.getEncoder().encodeToString(card.card().certificate(org.tsunagu.wallet.Slot.AUTHENTICATION)
						.orElseThrow().getEncoded())));
			assertThat(forged.status()).isEqualTo(403);
		}
		assertThat(card.approve(this.rp.issuer, guessed)).contains("unknown, has expired or was used");
	}

	@Test
	@DisplayName("signing keys rotate: the new key signs, the old stays published and its tokens stay valid")
	void rotateWhenNewKeyThenOldStaysPublished() throws Exception {
		TestCards card = TestCards.issue(this.api, TestResidents.katsuko(), this.dir);
		TestRelyingParty.Pkce pkce = TestRelyingParty.Pkce.create();
		Map<String, String> back = SignInFlows.signIn(this.browser, this.rp, card,
				this.rp.authorizationParameters(pkce, "openid profile"), List.of("profile"));
		String before = exchange(back, pkce);
		String oldKid = com.nimbusds.jwt.SignedJWT.parse(before).getHeader().getKeyID();
		TestApi.Response rotated = this.api.postJson("/api/v1/oidc/signing-keys", "");
		assertThat(rotated.status()).isEqualTo(201);
		JWKSet published = JWKSet.parse(this.api.get("/oauth2/jwks").body());
		assertThat(published.getKeyByKeyId(oldKid)).isNotNull();
		assertThat(published.getKeys()).hasSizeGreaterThanOrEqualTo(2).allMatch((k) -> !k.isPrivate());
		assertThat(this.rp.getWithDpop("/userinfo", before).statusCode()).isEqualTo(200);
		// the new key signs what is issued from now on, and verifies against what is published
		TestRelyingParty.Pkce again = TestRelyingParty.Pkce.create();
		String after = exchange(SignInFlows.signIn(this.browser, this.rp, card, this.rp.authorizationParameters(again, "openid profile"),
				List.of("profile")), again);
		com.nimbusds.jwt.SignedJWT signed = com.nimbusds.jwt.SignedJWT.parse(after);
		assertThat(signed.getHeader().getKeyID()).isNotEqualTo(oldKid);
		assertThat(signed.verify(new com.nimbusds.jose.crypto.ECDSAVerifier(
				published.getKeyByKeyId(signed.getHeader().getKeyID()).toECKey()))).isTrue();
		// an hour after its retirement the old key is no longer published, and nothing it signed is accepted
		this.clock.advance(Duration.ofMinutes(61));
		try {
			org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
					JWKSet.parse(this.api.get("/oauth2/jwks").body()).getKeyByKeyId(oldKid) == null);
			assertThat(this.rp.getWithDpop("/userinfo", before).statusCode()).isEqualTo(401);
		}
		finally {
			this.clock.reset();
		}
		String service = TestRelyingParty.json(TestRelyingParty.register(this.api, "[]", "low",
				"\"serviceScopes\":[\"registry:read\"],\"redirectUris\":[]").token(Map.of("grant_type", "client_credentials",
						"scope", "registry:read"), null)).toString();
		assertThat(service).contains("invalid_dpop_proof");
	}

	@Test
	@DisplayName("private_key_jwt without client_id: the assertion names its client (RFC 7521, 4.2) and is checked as ever")
	void tokenWhenClientIdAbsentThenTheAssertionNamesTheClient() throws Exception {
		TestRelyingParty service = TestRelyingParty.register(this.api, "[]", "low", "\"serviceScopes\":[\"registry:read\"],\"redirectUris\":[]");
		String tokenUrl = service.issuer + "/oauth2/token";
		Map<String, String> grant = new java.util.LinkedHashMap<>(Map.of("grant_type", "client_credentials", "scope", "registry:read",
				"client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"));
		grant.put("client_assertion", service.assertion());
		HttpResponse<String> granted = service.postForm("/oauth2/token", grant, service.dpop("POST", tokenUrl, null));
		assertThat(granted.statusCode()).as(granted.body()).isEqualTo(200);
		String token = TestRelyingParty.json(granted).get("access_token").asString();
		assertThat(TestRelyingParty.claims(token)).containsEntry("sub", service.clientId).containsEntry("scope", "registry:read");
		assertThat(TestRelyingParty.json(granted).get("token_type").asString()).isEqualTo("DPoP");

		// the same assertion again: its jti is spent
		HttpResponse<String> replayed = service.postForm("/oauth2/token", grant, service.dpop("POST", tokenUrl, null));
		assertThat(replayed.statusCode()).isEqualTo(401);
		assertThat(replayed.body()).contains("invalid_client");

		// an assertion naming another client, signed with this client's key: that client's keys do not verify it
		com.nimbusds.jwt.JWTClaimsSet.Builder other = new com.nimbusds.jwt.JWTClaimsSet.Builder()
			.audience(service.issuer)
			.jwtID(java.util.UUID.randomUUID().toString())
			.issueTime(new java.util.Date())
			.expirationTime(java.util.Date.from(java.time.Instant.now().plusSeconds(60)));
		grant.put("client_assertion", service.sign(other.issuer(this.rp.clientId).subject(this.rp.clientId).build()));
		HttpResponse<String> impostor = service.postForm("/oauth2/token", grant, service.dpop("POST", tokenUrl, null));
		assertThat(impostor.statusCode()).isEqualTo(401);
		assertThat(impostor.body()).contains("invalid_client").doesNotContain("Exception");

		// iss and sub that differ, an assertion that is not a JWT, two assertions: refused, never a token
		grant.put("client_assertion", service.sign(other.issuer(service.clientId).subject(this.rp.clientId)
			.jwtID(java.util.UUID.randomUUID().toString()).build()));
		assertThat(service.postForm("/oauth2/token", grant, service.dpop("POST", tokenUrl, null)).statusCode()).isIn(400, 401);
		grant.put("client_assertion", "not.a.jwt");
		HttpResponse<String> garbled = service.postForm("/oauth2/token", grant, service.dpop("POST", tokenUrl, null));
		assertThat(garbled.statusCode()).isIn(400, 401);
		assertThat(garbled.body()).doesNotContain("Exception");
		String twice = TestRelyingParty.encode(Map.of("grant_type", "client_credentials", "scope", "registry:read",
				"client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")) + "&client_assertion="
				+ service.assertion() + "&client_assertion=" + service.assertion();
		HttpResponse<String> doubled = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
			.newBuilder(java.net.URI.create(tokenUrl))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("DPoP", service.dpop("POST", tokenUrl, null))
			.POST(java.net.http.HttpRequest.BodyPublishers.ofString(twice))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(doubled.statusCode()).isEqualTo(400);
		assertThat(doubled.body()).contains("invalid_request");
	}

	@Test
	@DisplayName("the code flow without client_id: the assertion names the client, PKCE is still checked")
	void codeGrantWhenClientIdAbsentThenTheAssertionNamesTheClientAndTheVerifierIsChecked() throws Exception {
		TestCards card = TestCards.issue(this.api, TestResidents.katsuko(), this.dir);
		TestRelyingParty.Pkce pkce = TestRelyingParty.Pkce.create();
		Map<String, String> back = SignInFlows.signIn(this.browser, this.rp, card,
				this.rp.authorizationParameters(pkce, "openid profile"), List.of("profile"));
		String tokenUrl = this.rp.issuer + "/oauth2/token";
		Map<String, String> form = new java.util.LinkedHashMap<>(Map.of("grant_type", "authorization_code", "code",
				back.get("code"), "redirect_uri", TestRelyingParty.REDIRECT, "code_verifier", pkce.verifier(),
				"client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"));
		// the verifier reaches the code's check: without it, or with another, the code is refused
		form.put("code_verifier", TestRelyingParty.Pkce.create().verifier());
		form.put("client_assertion", this.rp.assertion());
		HttpResponse<String> wrong = this.rp.postForm("/oauth2/token", form, this.rp.dpop("POST", tokenUrl, null));
		assertThat(wrong.statusCode()).as(wrong.body()).isEqualTo(400);
		assertThat(wrong.body()).contains("invalid_grant");
		back = SignInFlows.signIn(this.browser, this.rp, card, this.rp.authorizationParameters(pkce, "openid profile"), List.of());
		form.put("code", back.get("code"));
		form.put("code_verifier", pkce.verifier());
		form.put("client_assertion", this.rp.assertion());
		HttpResponse<String> tokens = this.rp.postForm("/oauth2/token", form, this.rp.dpop("POST", tokenUrl, null));
		assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
		assertThat(TestRelyingParty.json(tokens).get("id_token").asString()).isNotEmpty();
	}

	private String exchange(Map<String, String> back, TestRelyingParty.Pkce pkce) throws Exception {
		HttpResponse<String> tokens = this.rp.token(Map.of("grant_type", "authorization_code", "code", back.get("code"),
				"redirect_uri", TestRelyingParty.REDIRECT, "code_verifier", pkce.verifier()),
				this.rp.dpop("POST", this.rp.issuer + "/oauth2/token", null));
		assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
		return TestRelyingParty.json(tokens).get("access_token").asString();
	}

}
