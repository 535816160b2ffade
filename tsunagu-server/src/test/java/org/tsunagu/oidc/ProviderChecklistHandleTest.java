package org.tsunagu.oidc;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.tsunagu.TsunaguTest;
import org.tsunagu.registry.TestResidents;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenID Provider checklist's cases about the handles the provider gives out: an authorization code and a
 * pushed request URI expire (made by rewriting the stored grant, not by waiting) and an expired one is refused,
 * every handle carries at least 128 bits, and error responses carry {@code iss} too.
 */
@TsunaguTest
class ProviderChecklistHandleTest extends ProviderChecklistCase {

	static final String REQUEST_URI_PREFIX = "urn:ietf:params:oauth:request_uri:";

	@Autowired
	OAuth2AuthorizationService authorizations;

	@Test
	@DisplayName("an authorization code lives at most 60 s, and an expired one is refused (Keycloak CVE-2024-7318)")
	void tokenWhenCodeHasExpiredThenRefused() throws Exception {
		TestCards card = TestCards.issue(this.api, TestResidents.katsuko(), this.dir);
		SignedIn signedIn = signIn(this.rp, card);
		OAuth2Authorization authorization = this.authorizations.findByToken(signedIn.code(),
				new OAuth2TokenType(OAuth2ParameterNames.CODE));
		OAuth2AuthorizationCode code = authorization.getToken(OAuth2AuthorizationCode.class).getToken();
		assertThat(Duration.between(code.getIssuedAt(), code.getExpiresAt())).isLessThanOrEqualTo(Duration.ofSeconds(60));
		// the same code, as it would be 61 s later
		Instant issued = Instant.now().minusSeconds(122);
		this.authorizations.save(OAuth2Authorization.from(authorization)
			.token(new OAuth2AuthorizationCode(code.getTokenValue(), issued, issued.plusSeconds(61)))
			.build());
		HttpResponse<String> refused = redeem(this.rp, signedIn);
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).contains("invalid_grant").doesNotContain("access_token");
	}

	@Test
	@DisplayName("a pushed request_uri lives at most 600 s, and an expired one starts no sign-in (Keycloak CVE-2024-7318)")
	void authorizeWhenRequestUriHasExpiredThenRefused() throws Exception {
		HttpResponse<String> pushed = this.rp.par(this.rp.authorizationParameters(TestRelyingParty.Pkce.create(), "openid profile"));
		JsonNode answer = TestRelyingParty.json(pushed);
		assertThat(answer.get("expires_in").asLong()).isBetween(1L, 600L);
		String requestUri = answer.get("request_uri").asString();
		String state = requestUri.substring(REQUEST_URI_PREFIX.length());
		OAuth2Authorization authorization = this.authorizations.findByToken(state, new OAuth2TokenType(OAuth2ParameterNames.STATE));
		assertThat(authorization).isNotNull();
		// the same request, as it would be after its expiry (the expiry is part of the stored state)
		String expired = state.substring(0, state.indexOf("___")) + "___" + Instant.now().minusSeconds(1).toEpochMilli();
		this.authorizations.save(OAuth2Authorization.from(authorization).attribute(OAuth2ParameterNames.STATE, expired).build());
		HttpResponse<String> start = this.browser.get("/oauth2/authorize?client_id=" + this.rp.clientId + "&request_uri="
				+ URLEncoder.encode(REQUEST_URI_PREFIX + expired, StandardCharsets.UTF_8));
		String location = String.valueOf(start.headers().firstValue("Location").orElse(""));
		assertThat(location).doesNotContain("/signin/card").doesNotContain("code=");
		assertThat(this.browser.follow(start).body()).as(start.statusCode() + " " + location).doesNotContain("data-pairing-code");
		// the unexpired original is gone with it
		HttpResponse<String> original = this.browser.get("/oauth2/authorize?client_id=" + this.rp.clientId + "&request_uri="
				+ URLEncoder.encode(requestUri, StandardCharsets.UTF_8));
		assertThat(this.browser.follow(original).body()).doesNotContain("data-pairing-code");
	}

	@Test
	@DisplayName("iss in error responses too (RFC 9207), and the handles carry at least 128 bits")
	void errorsCarryIssAndHandlesAreLong() throws Exception {
		Map<String, String> request = this.rp.authorizationParameters(TestRelyingParty.Pkce.create(), "openid profile");
		request.put("prompt", "none");
		HttpResponse<String> answer = this.browser.get("/oauth2/authorize?client_id=" + this.rp.clientId + "&request_uri="
				+ URLEncoder.encode(SignInFlows.push(this.rp, request), StandardCharsets.UTF_8));
		assertThat(TestRelyingParty.query(TestBrowser.location(answer))).containsEntry("error", "login_required")
			.containsEntry("iss", this.rp.issuer);

		HttpResponse<String> pushed = this.rp.par(this.rp.authorizationParameters(TestRelyingParty.Pkce.create(), "openid"));
		String state = TestRelyingParty.json(pushed).get("request_uri").asString().substring(REQUEST_URI_PREFIX.length());
		// 22 base64url characters are 132 bits
		assertThat(state.substring(0, state.indexOf("___"))).matches("[A-Za-z0-9_-]{22,}=*");
		TestCards card = TestCards.issue(this.api, TestResidents.katsuko(), this.dir);
		SignedIn signedIn = signIn(this.rp, card);
		assertThat(signedIn.code()).matches("[A-Za-z0-9_-]{22,}");
		JsonNode tokens = TestRelyingParty.json(redeem(this.rp, signedIn));
		assertThat(tokens.get("refresh_token").asString()).matches("[A-Za-z0-9_-]{22,}");
	}

}
