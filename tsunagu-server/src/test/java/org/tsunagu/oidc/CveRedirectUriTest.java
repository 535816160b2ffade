package org.tsunagu.oidc;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsunagu.TestApi;
import org.tsunagu.TsunaguTest;
import org.tsunagu.registry.TestResidents;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.util.UriComponentsBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Published vulnerabilities in how OpenID Providers and Spring read the addresses a service registers and sends:
 * Keycloak's redirect URI bypasses and header injection, Spring Framework's URL parser differentials, Spring
 * Authorization Server's dynamic client registration. Each address is tried at registration (operator API) or in
 * a pushed request, and refused; what is accepted is read alike by every parser the provider uses.
 */
@TsunaguTest
class CveRedirectUriTest {

	static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	TestApi api;

	@TempDir
	Path dir;

	/** A registration of Sakura Bank with these members changed (raw JSON values). */
	private TestApi.Response register(String... members) throws Exception {
		var body = (tools.jackson.databind.node.ObjectNode) JSON.readTree("""
				{"name":{"en":"Sakura Bank","ja":"さくら銀行"},"kind":"private","sectorIdentifier":"https://rp.example",
				 "redirectUris":["https://rp.example/callback"],"jwks":{"keys":[%s]},"scopes":["openid","profile"],
				 "maxAssurance":"substantial","policyUrl":"https://rp.example/privacy"}"""
			.formatted(new ECKeyGenerator(Curve.P_256).keyID("k").generate().toPublicJWK().toJSONString()));
		for (int i = 0; i < members.length; i += 2) {
			body.set(members[i], JSON.readTree(members[i + 1]));
		}
		return this.api.postJson("/api/v1/relying-parties", body.toString());
	}

	private void refused(String member, String pointer, List<String> uris) throws Exception {
		for (String uri : uris) {
			String value = member.endsWith("Uris") ? JSON.writeValueAsString(List.of(uri)) : JSON.writeValueAsString(uri);
			// keys by URL replace the inline ones: the registration has one or the other
			TestApi.Response answer = member.equals("jwksUri") ? register("jwks", "null", member, value) : register(member, value);
			assertThat(answer.status()).as(member + " " + uri).isEqualTo(400);
			assertThat(answer.jsonBody().get("errors").findValuesAsString("pointer")).as(member + " " + uri).contains(pointer);
		}
	}

	@Test
	@DisplayName("CVE-2022-3782 and CVE-2026-7504 (Keycloak): redirect URIs double-encoded, with several userinfo parts, a backslash, a tab, CR LF or NUL, pushed by the registered service — refused")
	void parWhenRedirectUriIsEncodedOrHasSeveralUserinfosThenRefused() throws Exception {
		TestRelyingParty rp = TestRelyingParty.register(this.api, "[\"openid\"]", "low", null);
		for (String uri : List.of("https://rp.example/callback/%252e%252e/evil", "https://rp.example/callback%2F..%2Fevil",
				"https://rp.example/callback%252F..%252Fevil", "https://a@b@rp.example/callback",
				"https://rp.example@attacker.example@rp.example/callback", "https://rp.example\\@attacker.example/callback",
				"https://rp.example/callback\t", "https://rp.example/callback\r\nLocation: https://attacker.example",
				"https://rp.example/callback%00", "https://rp.example/callback\u0000")) {
			Map<String, String> p = rp.authorizationParameters(TestRelyingParty.Pkce.create(), "openid");
			p.put("redirect_uri", uri);
			HttpResponse<String> refused = rp.par(p);
			assertThat(refused.statusCode()).as(uri).isEqualTo(400);
			assertThat(refused.body()).as(uri).contains("invalid_request").doesNotContain("attacker.example");
		}
	}

	@Test
	@DisplayName("CVE-2026-9086 (Keycloak): JavaScript:, DATA: and HTTP: in any case, several userinfo parts and backslashes — refused as redirect, post-logout and back-channel logout URIs")
	void registrationWhenSchemeCaseOrUserinfoTricksThenRefused() throws Exception {
		List<String> tricks = List.of("JavaScript:alert(1)", "jAvAsCrIpT://rp.example/%0aalert(1)", "DATA:text/html,x",
				"HTTP://rp.example/cb", "Https://rp.example/cb", "https://a@b@rp.example/cb", "https://rp.example\\@attacker.example/cb",
				"https:\\\\attacker.example/cb", "vbscript:msgbox(1)");
		refused("redirectUris", "/redirectUris/0", tricks);
		refused("postLogoutRedirectUris", "/postLogoutRedirectUris/0", tricks);
		refused("backchannelLogoutUri", "/backchannelLogoutUri", tricks);
	}

	@Test
	@DisplayName("CVE-2024-22243, CVE-2024-22259, CVE-2024-22262 (Spring Framework UriComponentsBuilder): addresses java.net.URI and Spring would read with different hosts — refused at registration; every one accepted names the same host to both")
	void registrationWhenUrlParsersWouldDisagreeThenRefused() throws Exception {
		List<String> candidates = List.of("https://rp.example\\@attacker.example/cb", "https://rp.example%5C@attacker.example/cb",
				"https://rp.example#@attacker.example/cb", "https:/\\attacker.example/cb", "https://[::1]@attacker.example/cb",
				"https://rp.example:80@attacker.example/cb", "https://rp.example%2F@attacker.example/cb",
				"https://attacker.example%23@rp.example/cb", "https://rp.example?@attacker.example/cb",
				"https://rp.example/cb", "https://RP.example:443/cb", "https://rp.example/c%40b", "http://127.0.0.1:8400/cb",
				"https://xn--r8jz45g.example/cb", "https://rp.example/cb?x=1");
		int accepted = 0;
		for (String uri : candidates) {
			TestApi.Response answer = register("redirectUris", JSON.writeValueAsString(List.of(uri)));
			assertThat(answer.status()).as(uri).isIn(201, 400);
			if (answer.status() == 201) {
				accepted++;
				String host = new URI(uri).getHost();
				assertThat(UriComponentsBuilder.fromUriString(uri).build().getHost()).as(uri).isEqualToIgnoringCase(host);
				assertThat(host).as(uri).doesNotContain("attacker");
			}
		}
		assertThat(accepted).as("the honest addresses are accepted").isGreaterThanOrEqualTo(4);
	}

	@Test
	@DisplayName("CVE-2026-22752 (Spring Authorization Server dynamic client registration): the registration endpoint is off; metadata with script, unknown or operator scopes, non-https key and logout URLs — refused, or shown as text")
	void registrationWhenMetadataIsHostileThenRefusedOrEscaped() throws Exception {
		TestRelyingParty rp = TestRelyingParty.register(this.api, "[\"openid\"]", "low", null);
		for (String method : List.of("POST", "GET")) {
			HttpResponse<String> dcr = rp.postForm("/connect/register", Map.of("redirect_uris", "https://attacker.example/cb"), null);
			assertThat(dcr.statusCode()).as(method).isIn(401, 403, 404, 405);
			assertThat(dcr.body()).doesNotContain("client_id\"");
		}
		refused("jwksUri", "/jwksUri", List.of("http://rp.example/jwks", "file:///etc/passwd", "jar:file:/x.jar!/y",
				"ftp://rp.example/jwks"));
		refused("backchannelLogoutUri", "/backchannelLogoutUri", List.of("file:///etc/passwd", "http://rp.example/logout",
				"gopher://127.0.0.1:25/x"));
		assertThat(register("scopes", "[\"openid\",\"registry:write\"]").body()).contains("/scopes/1");
		assertThat(register("serviceScopes", "[\"root\"]").body()).contains("/serviceScopes/0");
		assertThat(register("tokenEndpointAuthMethod", "\"client_secret_basic\"").status()).isEqualTo(400);
	}

	@Test
	@DisplayName("CVE-2024-11734 (Keycloak) and CVE-2026-22752 (Spring Authorization Server): CR LF, spaces and quotes in a registered address, script in a service's name — refused, or never reaching a header or a page as markup")
	void consentWhenServiceRegisteredOddAddressAndScriptNameThenHeaderAndPageStayWellFormed() throws Exception {
		refused("redirectUris", "/redirectUris/0", List.of("https://rp.example/cb\r\nSet-Cookie: x=1", "https://rp.example/c b",
				"https://rp.example'/cb", "https://rp.example%0d%0a.attacker.example/cb", "https://rp.example/cb;x"));
		String odd = "https://rp.example:443/cb%0D%0ASet-Cookie:%20x=1";
		TestRelyingParty rp = TestRelyingParty.register(this.api, "[\"openid\",\"profile\"]", "substantial", null, odd);
		TestApi.Response renamed = this.api.send(this.api.request("/api/v1/relying-parties/" + rp.clientId, this.api.operatorToken())
			.header("Content-Type", "application/json")
			.method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString(
					"{\"name\":{\"en\":\"<script>alert(1)</script>\",\"ja\":\"<img src=x onerror=alert(1)>\"}}")));
		assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
		TestCards card = TestCards.issue(this.api, TestResidents.katsuko(), this.dir);
		TestBrowser browser = new TestBrowser(rp.issuer);
		HttpResponse<String> consent = SignInFlows.approveAndContinue(browser, rp, card, SignInFlows.startAt(browser, rp,
				SignInFlows.push(rp, rp.authorizationParameters(TestRelyingParty.Pkce.create(), "openid profile"))));
		assertThat(consent.statusCode()).as(consent.body()).isEqualTo(200);
		String csp = consent.headers().firstValue("Content-Security-Policy").orElseThrow();
		assertThat(csp).contains("https://rp.example").doesNotContain("\r").doesNotContain("\n").doesNotContainIgnoringCase("set-cookie");
		assertThat(consent.headers().allValues("Set-Cookie")).noneMatch((c) -> c.startsWith("x="));
		assertThat(consent.body()).doesNotContain("<script>alert(1)").doesNotContain("<img src=x")
			.contains("&lt;script&gt;alert(1)&lt;/script&gt;");
	}

}
