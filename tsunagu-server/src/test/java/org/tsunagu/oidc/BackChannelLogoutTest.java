package org.tsunagu.oidc;

import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsunagu.TestApi;
import org.tsunagu.TsunaguTest;
import org.tsunagu.registry.TestResidents;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OpenID Connect Back-Channel Logout 1.0: signing out at the provider posts a signed logout token to the service
 * that registered a back-channel logout URI, with its own pairwise subject and the session id of its ID token.
 */
@TsunaguTest
class BackChannelLogoutTest {

	@Autowired
	TestApi api;

	@TempDir
	Path dir;

	HttpServer service;

	@AfterEach
	void stop() {
		if (this.service != null) {
			this.service.stop(0);
		}
	}

	@Test
	void logoutWhenServiceRegisteredBackChannelThenItReceivesASignedLogoutToken() throws Exception {
		BlockingQueue<String> received = new ArrayBlockingQueue<>(4);
		this.service = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.service.createContext("/backchannel", (exchange) -> {
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.US_ASCII);
			received.add(URLDecoder.decode(body.substring("logout_token=".length()), StandardCharsets.US_ASCII));
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		this.service.start();
		String backchannel = "http://127.0.0.1:" + this.service.getAddress().getPort() + "/backchannel";
		TestRelyingParty rp = TestRelyingParty.register(this.api, "[\"openid\",\"profile\"]", "high",
				"\"backchannelLogoutUri\":\"" + backchannel + "\",\"postLogoutRedirectUris\":[\"https://rp.example/bye\"]");
		TestCards card = TestCards.issue(this.api, TestResidents.katsuko(), this.dir);
		TestBrowser browser = new TestBrowser(rp.issuer);
		TestRelyingParty.Pkce pkce = TestRelyingParty.Pkce.create();
		Map<String, String> back = SignInFlows.signIn(browser, rp, card, rp.authorizationParameters(pkce, "openid profile"),
				List.of("profile"));
		HttpResponse<String> tokens = rp.token(Map.of("grant_type", "authorization_code", "code", back.get("code"),
				"redirect_uri", TestRelyingParty.REDIRECT, "code_verifier", pkce.verifier()),
				rp.dpop("POST", rp.issuer + "/oauth2/token", null));
		JsonNode answer = TestRelyingParty.json(tokens);
		Map<String, Object> id = TestRelyingParty.claims(answer.get("id_token").asString());

		HttpResponse<String> logout = browser.get("/connect/logout?id_token_hint=" + answer.get("id_token").asString()
				+ "&post_logout_redirect_uri=https://rp.example/bye");
		assertThat(logout.statusCode()).isEqualTo(302);

		String token = received.poll(10, TimeUnit.SECONDS);
		assertThat(token).isNotNull();
		SignedJWT jwt = SignedJWT.parse(token);
		assertThat(jwt.getHeader().getType().getType()).isEqualTo("logout+jwt");
		ECKey key = (ECKey) JWKSet.parse(this.api.get("/oauth2/jwks").body()).getKeyByKeyId(jwt.getHeader().getKeyID());
		assertThat(jwt.verify(new ECDSAVerifier(key))).isTrue();
		Map<String, Object> claims = jwt.getJWTClaimsSet().toJSONObject();
		assertThat(claims).containsEntry("iss", rp.issuer).containsEntry("sub", id.get("sub")).containsKey("jti")
			.doesNotContainKey("nonce");
		assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly(rp.clientId);
		assertThat(claims.get("events").toString()).contains("http://schemas.openid.net/event/backchannel-logout");
		assertThat(id).containsKey("sid");
		assertThat(claims).containsEntry("sid", id.get("sid"));
	}


	@Test
	void registerWhenBackChannelUriIsNotHttpsOrLoopbackThenRefused() {
		for (String uri : java.util.List.of("http://rp.example/backchannel", "https://rp.example/backchannel#x", "ftp://rp.example/bc",
				"https://user@rp.example/bc", "not a uri")) {
			TestApi.Response refused = this.api.postJson("/api/v1/relying-parties", """
					{"name":{"en":"X","ja":"X"},"kind":"private","sectorIdentifier":"https://x.example",
					 "redirectUris":["https://x.example/cb"],"jwksUri":"https://x.example/jwks","scopes":["openid"],
					 "maxAssurance":"low","policyUrl":"https://x.example/p","backchannelLogoutUri":"%s"}""".formatted(uri));
			assertThat(refused.status()).as(uri).isEqualTo(400);
			assertThat(refused.body()).as(uri).contains("/backchannelLogoutUri");
		}
	}

}
