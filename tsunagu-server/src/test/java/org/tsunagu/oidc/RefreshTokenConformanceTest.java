package org.tsunagu.oidc;

import java.net.http.HttpResponse;
import java.nio.file.Path;
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
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The refresh-token modules of the OpenID Foundation's plans, as the conformance suite makes them: a refresh is
 * bound to the client's authentication, not to a DPoP key (RFC 9449 section 5), and a refresh token is not
 * rotated, so that a refresh whose answer was lost can be made again (FAPI 2.0 section 5.3.2.1, decision 0021).
 */
@TsunaguTest
class RefreshTokenConformanceTest {

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

	private JsonNode tokens(TestRelyingParty service) throws Exception {
		TestRelyingParty.Pkce pkce = TestRelyingParty.Pkce.create();
		Map<String, String> back = SignInFlows.signIn(this.browser, service, this.card,
				service.authorizationParameters(pkce, "openid profile"), List.of("profile"));
		HttpResponse<String> tokens = SignInFlows.exchange(service, back, pkce, service.dpopKey);
		assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
		return TestRelyingParty.json(tokens);
	}

	private static HttpResponse<String> refresh(TestRelyingParty service, String refreshToken, ECKey key) throws Exception {
		return service.token(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken),
				key == null ? null : TestRelyingParty.dpop(key, "POST", service.issuer + "/oauth2/token", null));
	}

	@Test
	@DisplayName("fapi2-security-profile-final-refresh-token: a new DPoP key at the refresh, the same refresh token again, no client authentication, no proof, another client's token")
	void refreshWhenNewKeyOrRetriedThenGrantedAndOtherwiseRefused() throws Exception {
		JsonNode first = tokens(this.rp);
		String refreshToken = first.get("refresh_token").asString();

		ECKey newKey = new ECKeyGenerator(Curve.P_256).generate();
		HttpResponse<String> refreshed = refresh(this.rp, refreshToken, newKey);
		assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
		JsonNode answer = TestRelyingParty.json(refreshed);
		assertThat(answer.get("token_type").asString()).isEqualTo("DPoP");
		String accessToken = answer.get("access_token").asString();
		assertThat(TestRelyingParty.claims(accessToken).get("cnf").toString()).contains(newKey.computeThumbprint().toString());
		assertThat(answer.path("refresh_token").asString(refreshToken)).isEqualTo(refreshToken);
		// the new access token is bound to the new key only
		assertThat(this.rp.getWithDpop("/userinfo", accessToken).statusCode()).isEqualTo(401);
		this.rp.dpopKey = newKey;
		assertThat(this.rp.getWithDpop("/userinfo", accessToken).statusCode()).isEqualTo(200);

		// the previous refresh token still serves, as a retry would need it
		HttpResponse<String> retried = refresh(this.rp, refreshToken, newKey);
		assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);

		HttpResponse<String> anonymous = this.rp.postForm("/oauth2/token", Map.of("grant_type", "refresh_token",
				"refresh_token", refreshToken, "client_id", this.rp.clientId), this.rp.dpop("POST", this.rp.issuer + "/oauth2/token", null));
		assertThat(anonymous.statusCode()).isEqualTo(401);
		assertThat(anonymous.body()).contains("invalid_client").doesNotContain("access_token");
		HttpResponse<String> unproved = refresh(this.rp, refreshToken, null);
		assertThat(unproved.statusCode()).isEqualTo(400);
		assertThat(unproved.body()).contains("invalid_dpop_proof").doesNotContain("access_token");

		TestRelyingParty other = TestRelyingParty.register(this.api, "[\"openid\",\"profile\"]", "high", null);
		JsonNode theirs = tokens(other);
		HttpResponse<String> foreign = refresh(this.rp, theirs.get("refresh_token").asString(), newKey);
		assertThat(foreign.statusCode()).isEqualTo(400);
		assertThat(foreign.body()).contains("invalid_grant").doesNotContain("access_token");
		// the first client's DPoP key does not open the second client's access token
		assertThat(this.rp.getWithDpop("/userinfo", theirs.get("access_token").asString()).statusCode()).isEqualTo(401);
	}

	@Test
	@DisplayName("oidcc-refresh-token: the refreshed ID token keeps iss, sub, aud and auth_time; another client's refresh token is refused")
	void refreshWhenGrantedThenIdTokenKeepsTheSignIn() throws Exception {
		JsonNode first = tokens(this.rp);
		Map<String, Object> before = TestRelyingParty.claims(first.get("id_token").asString());
		HttpResponse<String> refreshed = refresh(this.rp, first.get("refresh_token").asString(), this.rp.dpopKey);
		assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
		Map<String, Object> after = TestRelyingParty.claims(TestRelyingParty.json(refreshed).get("id_token").asString());
		for (String claim : List.of("iss", "sub", "aud", "auth_time", "acr")) {
			assertThat(after.get(claim)).as(claim).isEqualTo(before.get(claim));
		}

		TestRelyingParty other = TestRelyingParty.register(this.api, "[\"openid\",\"profile\"]", "high", null);
		HttpResponse<String> foreign = refresh(other, first.get("refresh_token").asString(), other.dpopKey);
		assertThat(foreign.statusCode()).isEqualTo(400);
		assertThat(foreign.body()).contains("invalid_grant");
	}

}
