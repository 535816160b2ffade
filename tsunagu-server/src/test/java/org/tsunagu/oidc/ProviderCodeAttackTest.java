package org.tsunagu.oidc;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsunagu.TestApi;
import org.tsunagu.TsunaguTest;
import org.tsunagu.registry.TestResidents;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attacks the OpenID Provider checklist names (docs: standards.md, RFC 9700, FAPI 2.0) on the authorization code
 * and its exchange: a code redeemed by another client, with the wrong verifier or twice (the second use revoking
 * what the first issued), and without a DPoP proof or with another key than the one the request named. Each is
 * made as an attacker would make it, and refused; where a CVE is named, the test reproduces that CVE's request.
 */
@TsunaguTest
class ProviderCodeAttackTest {

	@Autowired
	TestApi api;

	@TempDir
	Path dir;

	TestRelyingParty rp;

	@BeforeEach
	void setUp() throws Exception {
		this.rp = TestRelyingParty.register(this.api, "[\"openid\",\"profile\"]", "substantial", null);
	}

	@Test
	@DisplayName("tokens need a DPoP proof; a dpop_jkt given with the request must match the proof's key")
	void tokenWhenNoDpopOrWrongKeyThenRefused() throws Exception {
		TestCards card = TestCards.issue(this.api, TestResidents.katsuko(), this.dir);
		TestBrowser browser = new TestBrowser(this.rp.issuer);
		TestRelyingParty.Pkce pkce = TestRelyingParty.Pkce.create();
		Map<String, String> request = this.rp.authorizationParameters(pkce, "openid");
		request.put("dpop_jkt", this.rp.dpopKey.computeThumbprint().toString());
		Map<String, String> back = SignInFlows.signIn(browser, this.rp, card, request, List.of());
		Map<String, String> exchange = Map.of("grant_type", "authorization_code", "code", back.get("code"),
				"redirect_uri", TestRelyingParty.REDIRECT, "code_verifier", pkce.verifier());
		HttpResponse<String> bearer = this.rp.token(exchange, null);
		assertThat(bearer.statusCode()).isEqualTo(400);
		assertThat(bearer.body()).contains("invalid_dpop_proof");
		ECKey other = new ECKeyGenerator(Curve.P_256).generate();
		HttpResponse<String> wrongKey = this.rp.token(exchange, TestRelyingParty.dpop(other, "POST", this.rp.issuer + "/oauth2/token", null));
		assertThat(wrongKey.body()).contains("invalid_dpop_proof");
		HttpResponse<String> right = this.rp.token(exchange, this.rp.dpop("POST", this.rp.issuer + "/oauth2/token", null));
		assertThat(right.statusCode()).as(right.body()).isEqualTo(200);
		assertThat(TestRelyingParty.claims(TestRelyingParty.json(right).get("access_token").asString()).get("cnf").toString())
			.contains(this.rp.dpopKey.computeThumbprint().toString());
	}

	@Test
	@DisplayName("codes: single use, a second use revokes what the first issued; bound to the client (Keycloak CVE-2026-16089); 128 bits or more")
	void tokenWhenCodeIsReplayedThenFirstTokensAreRevoked() throws Exception {
		TestCards card = TestCards.issue(this.api, TestResidents.katsuko(), this.dir);
		TestBrowser browser = new TestBrowser(this.rp.issuer);
		TestRelyingParty.Pkce pkce = TestRelyingParty.Pkce.create();
		Map<String, String> back = SignInFlows.signIn(browser, this.rp, card,
				this.rp.authorizationParameters(pkce, "openid profile"), List.of("profile"));
		assertThat(Base64.getUrlDecoder().decode(back.get("code")).length).isGreaterThanOrEqualTo(16);
		Map<String, String> exchange = Map.of("grant_type", "authorization_code", "code", back.get("code"),
				"redirect_uri", TestRelyingParty.REDIRECT, "code_verifier", pkce.verifier());
		TestRelyingParty thief = TestRelyingParty.register(this.api, "[\"openid\",\"profile\"]", "substantial", null);
		HttpResponse<String> stolen = thief.token(exchange, thief.dpop("POST", thief.issuer + "/oauth2/token", null));
		assertThat(stolen.statusCode()).isEqualTo(400);
		assertThat(stolen.body()).contains("invalid_grant");
		HttpResponse<String> wrongVerifier = this.rp.token(Map.of("grant_type", "authorization_code", "code", back.get("code"),
				"redirect_uri", TestRelyingParty.REDIRECT, "code_verifier", TestRelyingParty.Pkce.create().verifier()),
				this.rp.dpop("POST", this.rp.issuer + "/oauth2/token", null));
		assertThat(wrongVerifier.statusCode()).isEqualTo(400);
	}

	@Test
	@DisplayName("codes: a replayed code revokes the tokens of its first use")
	void tokenWhenCodeIsUsedTwiceThenTokensAreRevoked() throws Exception {
		TestCards card = TestCards.issue(this.api, TestResidents.katsuko(), this.dir);
		TestBrowser browser = new TestBrowser(this.rp.issuer);
		TestRelyingParty.Pkce pkce = TestRelyingParty.Pkce.create();
		Map<String, String> back = SignInFlows.signIn(browser, this.rp, card,
				this.rp.authorizationParameters(pkce, "openid profile"), List.of("profile"));
		Map<String, String> exchange = Map.of("grant_type", "authorization_code", "code", back.get("code"),
				"redirect_uri", TestRelyingParty.REDIRECT, "code_verifier", pkce.verifier());
		HttpResponse<String> first = this.rp.token(exchange, this.rp.dpop("POST", this.rp.issuer + "/oauth2/token", null));
		assertThat(first.statusCode()).isEqualTo(200);
		String access = TestRelyingParty.json(first).get("access_token").asString();
		assertThat(this.rp.getWithDpop("/userinfo", access).statusCode()).isEqualTo(200);
		HttpResponse<String> second = this.rp.token(exchange, this.rp.dpop("POST", this.rp.issuer + "/oauth2/token", null));
		assertThat(second.statusCode()).isEqualTo(400);
		assertThat(second.body()).contains("invalid_grant").doesNotContain("access_token");
		assertThat(this.rp.getWithDpop("/userinfo", access).statusCode()).isEqualTo(401);
		// the refresh token of the first use is revoked with it
		HttpResponse<String> refreshed = this.rp.token(Map.of("grant_type", "refresh_token", "refresh_token",
				TestRelyingParty.json(first).get("refresh_token").asString()), this.rp.dpop("POST", this.rp.issuer + "/oauth2/token", null));
		assertThat(refreshed.statusCode()).isEqualTo(400);
		assertThat(refreshed.body()).contains("invalid_grant").doesNotContain("access_token");
	}

}
