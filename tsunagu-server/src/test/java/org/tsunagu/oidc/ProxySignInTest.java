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
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A parent signs in for their child: the service (which accepts proxies) gets the child's pairwise subject with
 * {@code act} naming the parent; the child's card suspended ends the delegation and every token made under it; a
 * service that does not accept proxies never offers the choice; a protection order ends the respondent's
 * delegation and hides the address from proxies.
 */
@TsunaguTest
class ProxySignInTest {

	@Autowired
	TestApi api;

	@Autowired
	JdbcClient jdbc;

	@TempDir
	Path dir;

	TestRelyingParty service;

	TestCards parent;

	String child;

	TestBrowser browser;

	@BeforeEach
	void setUp() throws Exception {
		this.service = TestRelyingParty.register(this.api, "[\"openid\",\"profile\",\"birthdate\",\"address\"]", "high",
				"\"acceptsProxies\":true");
		this.parent = TestCards.issue(this.api, TestResidents.katsuko(), this.dir.resolve("parent"));
		this.child = this.api.postJson("/api/v1/residents", TestResidents.hinataChild()).jsonBody().get("id").asString();
		this.browser = new TestBrowser(this.service.issuer);
	}

	String represent(String represented, String proxy, String claims) {
		TestApi.Response recorded = this.api.postJson("/api/v1/delegations", """
				{"kind":"legal-representative","representedId":"%s","proxyId":"%s","services":["*"],"claims":%s,
				 "evidence":{"type":"family-register","reference":"Chiyoda 2016-0123","verifiedBy":"chiyoda-desk-4"}}"""
			.formatted(represented, proxy, claims));
		assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);
		return recorded.jsonBody().get("id").asString();
	}

	/** The sign-in up to the choice page; answers it. */
	HttpResponse<String> signInToChoice(TestRelyingParty.Pkce pkce, String scope) throws Exception {
		String requestUri = SignInFlows.push(this.service, this.service.authorizationParameters(pkce, scope));
		HttpResponse<String> start = SignInFlows.startAt(this.browser, this.service, requestUri);
		return start.body().contains("data-pairing-code") ? SignInFlows.approveAndContinue(this.browser, this.service, this.parent, start)
				: start;
	}

	JsonNode tokens(HttpResponse<String> back, TestRelyingParty.Pkce pkce) throws Exception {
		assertThat(back.statusCode()).as(back.body()).isEqualTo(302);
		String code = TestRelyingParty.query(TestBrowser.location(back)).get("code");
		HttpResponse<String> tokens = this.service.token(Map.of("grant_type", "authorization_code", "code", code,
				"redirect_uri", TestRelyingParty.REDIRECT, "code_verifier", pkce.verifier()),
				this.service.dpop("POST", this.service.issuer + "/oauth2/token", null));
		assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
		return TestRelyingParty.json(tokens);
	}

	@Test
	void parentWhenSigningInForTheChildThenServiceGetsTheChildWithActAndTheCardSuspensionEndsIt() throws Exception {
		String delegation = represent(this.child, this.parent.residentId(), "[\"profile\",\"birthdate\"]");

		TestRelyingParty.Pkce pkce = TestRelyingParty.Pkce.create();
		HttpResponse<String> choice = signInToChoice(pkce, "openid profile birthdate address");
		assertThat(choice.statusCode()).as(choice.body()).isEqualTo(200);
		assertThat(choice.body()).contains("Whom are you signing in to Sakura Bank for?", "髙橋 陽向", "legal representative");
		HttpResponse<String> consentPage = this.browser.follow(this.browser.post("/signin/for", Map.of("_csrf",
				TestBrowser.hidden(choice.body(), "_csrf"), "client_id", this.service.clientId, "request_uri",
				TestBrowser.hidden(choice.body(), "request_uri"), "for", delegation)));
		assertThat(consentPage.statusCode()).as(consentPage.body()).isEqualTo(200);
		assertThat(consentPage.body()).contains("You are acting for 髙橋 陽向 as legal representative")
			.contains("value=\"profile\"").contains("value=\"birthdate\"").doesNotContain("value=\"address\"");
		JsonNode tokens = tokens(SignInFlows.consent(this.browser, consentPage, List.of("profile", "birthdate")), pkce);

		// the session acts for the child: it is the parent's, and adds no passkey to the child's account
		assertThat(this.browser.get("/signin/passkeys").statusCode()).isEqualTo(403);

		Map<String, Object> id = TestRelyingParty.claims(tokens.get("id_token").asString());
		@SuppressWarnings("unchecked")
		Map<String, Object> act = (Map<String, Object>) id.get("act");
		assertThat(act).containsEntry("delegation_kind", "legal-representative").containsEntry("delegation_scope", "profile birthdate");
		assertThat(act.get("sub")).isNotNull().isNotEqualTo(id.get("sub"));
		String accessToken = tokens.get("access_token").asString();
		assertThat(TestRelyingParty.claims(accessToken).get("act")).isEqualTo(act);
		JsonNode userinfo = TestRelyingParty.json(this.service.getWithDpop("/userinfo", accessToken));
		assertThat(userinfo.get("given_name").asString()).isEqualTo("陽向");
		assertThat(userinfo.get("birthdate").asString()).isEqualTo(TestResidents.HINATA_BORN.toString());
		assertThat(userinfo.has("address")).isFalse();
		assertThat(logged(this.child, "your proxy (legal-representative) signed in for you")).isEqualTo(1);
		assertThat(logged(this.parent.residentId(), "you signed in for someone you represent")).isEqualTo(1);

		// the child's other parent is her legal representative too
		String other = this.api.postJson("/api/v1/residents", TestResidents.lanFromVietnam()).jsonBody().get("id").asString();
		represent(this.child, other, "[\"profile\"]");
		// the child's card is suspended: every delegation for her ends at once, with every token made under them
		TestCards childCard = TestCards.forResident(this.api, this.child, this.dir.resolve("child"));
		String cardId = this.jdbc.sql("SELECT id FROM card WHERE resident_id = ?").param(java.util.UUID.fromString(childCard.residentId()))
			.query(java.util.UUID.class).single().toString();
		assertThat(this.api.postJson("/api/v1/cards/" + cardId + "/suspend", "").status()).isEqualTo(200);
		assertThat(this.service.getWithDpop("/userinfo", accessToken).statusCode()).isEqualTo(401);
		HttpResponse<String> introspected = this.service.postForm("/oauth2/introspect", Map.of("token", accessToken,
				"client_id", this.service.clientId, "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
				"client_assertion", this.service.assertion()), null);
		assertThat(introspected.statusCode()).as(introspected.body()).isEqualTo(200);
		assertThat(TestRelyingParty.json(introspected).get("active").asBoolean()).isFalse();
		HttpResponse<String> refreshed = this.service.token(Map.of("grant_type", "refresh_token", "refresh_token",
				tokens.get("refresh_token").asString()), this.service.dpop("POST", this.service.issuer + "/oauth2/token", null));
		assertThat(refreshed.statusCode()).isEqualTo(400);
		JsonNode listed = this.api.get("/api/v1/residents/" + this.child + "/delegations").jsonBody();
		assertThat(listed.get("forMe")).hasSize(2);
		listed.get("forMe").forEach((d) -> {
			assertThat(d.get("status").asString()).isEqualTo("ended");
			assertThat(d.get("endReason").asString()).isEqualTo("card-suspended");
		});
		assertThat(logged(this.child, "a delegation for you ended (legal-representative, card-suspended)")).isEqualTo(2);

		// no delegation left: the choice is not offered again, the parent signs in as themselves
		HttpResponse<String> again = signInToChoice(TestRelyingParty.Pkce.create(), "openid profile");
		assertThat(again.body()).doesNotContain("Whom are you signing in");
	}

	@Test
	void serviceWhenNotAcceptingProxiesThenNoChoiceAndNoDelegationNamesIt() throws Exception {
		represent(this.child, this.parent.residentId(), "[\"profile\"]");
		TestRelyingParty plain = TestRelyingParty.register(this.api, "[\"openid\",\"profile\"]", "high", null);
		String requestUri = SignInFlows.push(plain, plain.authorizationParameters(TestRelyingParty.Pkce.create(), "openid profile"));
		HttpResponse<String> start = SignInFlows.startAt(this.browser, plain, requestUri);
		HttpResponse<String> next = SignInFlows.approveAndContinue(this.browser, plain, this.parent, start);
		assertThat(next.body()).doesNotContain("Whom are you signing in").contains("Share your information");
		// and a delegation cannot name it
		TestApi.Response refused = this.api.postJson("/api/v1/delegations", """
				{"kind":"legal-representative","representedId":"%s","proxyId":"%s","services":["%s"],"claims":["profile"],
				 "evidence":{"type":"family-register","reference":"x","verifiedBy":"y"}}"""
			.formatted(this.child, this.parent.residentId(), plain.clientId));
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.body()).contains("/services/0", "does not accept proxies");
	}

	@Test
	void protectionOrderWhenRecordedThenRespondentsDelegationEndsAndAddressIsHiddenFromProxies() throws Exception {
		String delegation = represent(this.child, this.parent.residentId(), "[\"profile\",\"address\"]");
		TestApi.Response order = this.api.postJson("/api/v1/residents/" + this.child + "/protection-orders",
				"{\"respondentId\":\"" + this.parent.residentId() + "\"}");
		assertThat(order.status()).as(order.body()).isEqualTo(201);
		JsonNode listed = this.api.get("/api/v1/residents/" + this.child + "/delegations").jsonBody();
		assertThat(listed.at("/forMe/0/endReason").asString()).isEqualTo("protection-order");
		// the proxy's view and every log entry call it a court's order: nothing tells the proxy of the protection order
		assertThat(logged(this.parent.residentId(), "your delegation to act for someone ended (legal-representative, court-order)"))
			.isEqualTo(1);
		assertThat(logged(this.parent.residentId(), "protection")).isZero();
		assertThat(logged(this.child, "protection")).isZero();
		assertThat(this.api.get("/api/v1/residents/" + this.parent.residentId() + "/delegations").jsonBody().at("/byMe/0/endReason")
			.asString()).isEqualTo("protection-order");
		// where the proxy looks (their own API, which their pages and wallet read), it was a court's order
		org.tsunagu.wallet.CardToken proxyToken = new org.tsunagu.wallet.CardToken(java.net.http.HttpClient.newHttpClient());
		proxyToken.obtain(this.service.issuer, this.parent.authenticationKey(), null,
				this.parent.card().certificate(org.tsunagu.wallet.Slot.AUTHENTICATION).orElseThrow());
		String own = proxyToken.get(this.service.issuer + "/api/v1/me/delegations");
		assertThat(tools.jackson.databind.json.JsonMapper.builder().build().readTree(own).at("/byMe/0/endReason").asString()).isEqualTo("court-order");
		assertThat(own).doesNotContain("protection");
		// the respondent cannot be given a new delegation for the person
		TestApi.Response again = this.api.postJson("/api/v1/delegations", """
				{"kind":"legal-representative","representedId":"%s","proxyId":"%s","services":["*"],"claims":["profile"],
				 "evidence":{"type":"family-register","reference":"Chiyoda 2016-0123","verifiedBy":"chiyoda-desk-4"}}"""
			.formatted(this.child, this.parent.residentId()));
		assertThat(again.status()).isEqualTo(409);
		assertThat(again.body()).doesNotContain("protection");
		// another proxy (a guardian named later) signs in: the address is not released
		TestCards other = TestCards.issue(this.api, TestResidents.lanFromVietnam(), this.dir.resolve("other"));
		String second = represent(this.child, other.residentId(), "[\"profile\",\"address\"]");
		TestRelyingParty.Pkce pkce = TestRelyingParty.Pkce.create();
		String requestUri = SignInFlows.push(this.service, this.service.authorizationParameters(pkce, "openid profile address"));
		TestBrowser browser = new TestBrowser(this.service.issuer);
		HttpResponse<String> choice = SignInFlows.approveAndContinue(browser, this.service, other,
				SignInFlows.startAt(browser, this.service, requestUri));
		HttpResponse<String> consentPage = browser.follow(browser.post("/signin/for", Map.of("_csrf", TestBrowser.hidden(choice.body(),
				"_csrf"), "client_id", this.service.clientId, "request_uri", TestBrowser.hidden(choice.body(), "request_uri"),
				"for", second)));
		JsonNode tokens = tokensFor(browser, consentPage, pkce);
		JsonNode userinfo = TestRelyingParty.json(this.service.getWithDpop("/userinfo", tokens.get("access_token").asString()));
		assertThat(userinfo.get("given_name").asString()).isEqualTo("陽向");
		assertThat(userinfo.has("address")).isFalse();
		assertThat(delegation).isNotEqualTo(second);
	}

	JsonNode tokensFor(TestBrowser browser, HttpResponse<String> consentPage, TestRelyingParty.Pkce pkce) throws Exception {
		return tokens(SignInFlows.consent(browser, consentPage, List.of("profile", "address")), pkce);
	}

	int logged(String resident, String what) {
		return (int) this.jdbc.sql("SELECT leaf FROM log_entry WHERE resident_id = :id")
			.param("id", java.util.UUID.fromString(resident))
			.query(byte[].class)
			.list()
			.stream()
			.filter((leaf) -> new String(leaf, java.nio.charset.StandardCharsets.UTF_8).contains(what))
			.count();
	}

}
