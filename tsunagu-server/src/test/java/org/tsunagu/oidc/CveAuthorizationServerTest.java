package org.tsunagu.oidc;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.JWKSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsunagu.TestApi;
import org.tsunagu.TsunaguTest;
import org.tsunagu.platform.JoseForgeries;
import org.tsunagu.platform.JoseForgeries.Forgery;
import org.tsunagu.registry.TestResidents;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Published vulnerabilities of Spring Authorization Server and Spring Security's OAuth 2.0 support, tried against
 * the provider and its resource APIs as the advisories describe them, and refused.
 */
@TsunaguTest
class CveAuthorizationServerTest {

	@Autowired
	TestApi api;

	@Autowired
	JwtEncoder encoder;

	@Autowired
	JwtDecoder decoder;

	@TempDir
	Path dir;

	/** A live DPoP-bound access token for {@code rp}, from a card sign-in at the provider's usual name. */
	private String signedInToken(TestRelyingParty rp, String scope, List<String> consented) throws Exception {
		TestCards card = TestCards.issue(this.api, TestResidents.katsuko(), this.dir);
		TestRelyingParty.Pkce pkce = TestRelyingParty.Pkce.create();
		Map<String, String> back = SignInFlows.signIn(new TestBrowser(rp.issuer), rp, card,
				rp.authorizationParameters(pkce, scope), consented);
		HttpResponse<String> tokens = rp.token(Map.of("grant_type", "authorization_code", "code", back.get("code"),
				"redirect_uri", TestRelyingParty.REDIRECT, "code_verifier", pkce.verifier()),
				rp.dpop("POST", rp.issuer + "/oauth2/token", null));
		assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
		return TestRelyingParty.json(tokens).get("access_token").asString();
	}

	private static int call(TestRelyingParty rp, String url, String token) throws Exception {
		return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
			.header("Authorization", "DPoP " + token).header("DPoP", rp.dpop("GET", url, token)).GET().build(),
				HttpResponse.BodyHandlers.discarding()).statusCode();
	}

	@Test
	@DisplayName("CVE-2026-22748 (Spring Security): an access token the provider issued as http://localhost, presented to the same server reached as http://127.0.0.1 (another issuer) — refused at userinfo and the resident API")
	void resourceWhenAccessTokenIssuerIsNotThisIssuerThenRefused() throws Exception {
		TestRelyingParty rp = TestRelyingParty.register(this.api, "[\"openid\",\"profile\",\"me:read\"]", "high", null);
		String token = signedInToken(rp, "openid profile me:read", List.of("profile", "me:read"));
		String here = rp.issuer;
		String elsewhere = here.replace("localhost", "127.0.0.1");
		assertThat(call(rp, here + "/userinfo", token)).isEqualTo(200);
		assertThat(call(rp, here + "/api/v1/me/consents", token)).isEqualTo(200);
		assertThat(call(rp, elsewhere + "/userinfo", token)).isEqualTo(401);
		assertThat(call(rp, elsewhere + "/api/v1/me/consents", token)).as("also once the token is known good").isEqualTo(401);
	}

	@Test
	@DisplayName("CVE-2024-22258 (Spring Authorization Server, PKCE downgrade): a code issued for a PKCE challenge, redeemed by its own authenticated client without the verifier, or with an empty one — refused, and the code still good for the verifier")
	void tokenWhenCodeVerifierIsLeftOutThenRefused() throws Exception {
		TestRelyingParty rp = TestRelyingParty.register(this.api, "[\"openid\",\"profile\"]", "substantial", null);
		TestCards card = TestCards.issue(this.api, TestResidents.katsuko(), this.dir);
		TestRelyingParty.Pkce pkce = TestRelyingParty.Pkce.create();
		Map<String, String> back = SignInFlows.signIn(new TestBrowser(rp.issuer), rp, card, rp.authorizationParameters(pkce, "openid"),
				List.of());
		String token = rp.issuer + "/oauth2/token";
		for (Map<String, String> downgraded : List.of(
				Map.of("grant_type", "authorization_code", "code", back.get("code"), "redirect_uri", TestRelyingParty.REDIRECT),
				Map.of("grant_type", "authorization_code", "code", back.get("code"), "redirect_uri", TestRelyingParty.REDIRECT,
						"code_verifier", ""))) {
			HttpResponse<String> refused = rp.token(downgraded, rp.dpop("POST", token, null));
			assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
			assertThat(refused.body()).contains("invalid_grant").doesNotContain("access_token");
		}
		HttpResponse<String> honest = rp.token(Map.of("grant_type", "authorization_code", "code", back.get("code"), "redirect_uri",
				TestRelyingParty.REDIRECT, "code_verifier", pkce.verifier()), rp.dpop("POST", token, null));
		assertThat(honest.statusCode()).as(honest.body()).isEqualTo(200);
	}

	@Test
	@DisplayName("CVE-2026-22748 (Spring Security): an access token signed with the provider's own key but naming https://attacker.example as its issuer — refused by the decoder")
	void decoderWhenIssuerIsForeignThenRefused() throws Exception {
		requestToThisServer();
		String ours = this.api.uri("").toString().replaceAll("/$", "");
		assertThat(this.decoder.decode(accessToken(ours)).getClaimAsString("iss")).isEqualTo(ours);
		String foreign = accessToken("https://attacker.example");
		assertThatThrownBy(() -> this.decoder.decode(foreign)).isInstanceOf(JwtValidationException.class)
			.hasMessageContaining("another issuer");
	}

	@Test
	@DisplayName("CVE-2022-21449, CVE-2022-23540, CVE-2015-9235, CVE-2018-0114, CVE-2020-28042, CVE-2019-17195, CVE-2025-53864: access tokens forged each of those ways from a genuine one — refused by the decoder itself, before any liveness check")
	void decoderWhenAccessTokenIsForgedThenRefused() throws Exception {
		requestToThisServer();
		String genuine = accessToken(this.api.uri("").toString().replaceAll("/$", ""));
		assertThat(this.decoder.decode(genuine).getSubject()).isEqualTo("someone");
		PublicKey published = JWKSet.parse(this.api.get("/oauth2/jwks").body()).getKeys()
			.get(0).toECKey().toECPublicKey();
		List<Forgery> forgeries = new ArrayList<>();
		forgeries.addAll(JoseForgeries.psychicSignatures(genuine));
		forgeries.addAll(JoseForgeries.unsigned(genuine));
		forgeries.addAll(JoseForgeries.otherAlgorithms(genuine, published));
		forgeries.addAll(JoseForgeries.selfNamedKeys(genuine));
		forgeries.addAll(JoseForgeries.missingSignatures(genuine));
		forgeries.addAll(JoseForgeries.malformed());
		forgeries.addAll(JoseForgeries.nested(genuine, 50_000));
		for (Forgery forgery : forgeries) {
			assertThatThrownBy(() -> this.decoder.decode(forgery.token())).as(forgery.attack())
				.isInstanceOf(JwtException.class);
		}
	}

	/** The decoder checks the issuer against the request it serves: a request to this server, as userinfo gets. */
	private void requestToThisServer() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/userinfo");
		request.setServerName("localhost");
		request.setServerPort(this.api.uri("").getPort());
		RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
	}

	@AfterEach
	void noRequest() {
		RequestContextHolder.resetRequestAttributes();
	}

	private String accessToken(String issuer) {
		Instant now = Instant.now();
		return this.encoder.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.ES256).type("at+jwt").build(),
				JwtClaimsSet.builder().issuer(issuer).subject("someone").audience(List.of(issuer)).issuedAt(now)
					.expiresAt(now.plusSeconds(300)).claim("scope", "openid").build())).getTokenValue();
	}

}
