package org.tsunagu.oidc;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.tsunagu.TestApi;
import org.tsunagu.TsunaguTest;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A relying party that registered its keys by URL: the provider fetches them, but an assertion naming a key the
 * set does not hold, sent by anyone, must not make the provider fetch the set again on every request (which would
 * turn the provider into a flood against the relying party's server, and hold its own threads on the fetch).
 */
@TsunaguTest
class ClientAssertionKeysTest {

	@Autowired
	TestApi api;

	ServerSocket jwksServer;

	final AtomicInteger fetches = new AtomicInteger();

	@BeforeEach
	void listen() throws IOException {
		// counts each connection the provider opens to fetch the key set; the fetch itself fails (no TLS here)
		this.jwksServer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread.ofVirtual().start(() -> {
			while (!this.jwksServer.isClosed()) {
				try (Socket accepted = this.jwksServer.accept()) {
					this.fetches.incrementAndGet();
				}
				catch (IOException ex) {
					// closed at the end of the test
				}
			}
		});
	}

	@AfterEach
	void close() throws IOException {
		this.jwksServer.close();
	}

	@Test
	@DisplayName("assertions naming unknown keys, 50 in a row: every one refused, the key set fetched at most twice")
	void assertionWhenKidUnknownThenJwksFetchedAtMostOncePerInterval() throws Exception {
		String jwksUri = "https://127.0.0.1:" + this.jwksServer.getLocalPort() + "/jwks.json";
		TestApi.Response registered = this.api.postJson("/api/v1/relying-parties", """
				{"name":{"en":"Keys By URL","ja":"Keys By URL"},"kind":"private","sectorIdentifier":"https://keys.example",
				 "redirectUris":["https://keys.example/cb"],"jwksUri":"%s","scopes":["openid"],"maxAssurance":"low",
				 "policyUrl":"https://keys.example/p"}""".formatted(jwksUri));
		assertThat(registered.status()).as(registered.body()).isEqualTo(201);
		String clientId = registered.jsonBody().get("clientId").asString();
		TestRelyingParty sender = TestRelyingParty.register(this.api, "[\"openid\"]", "low", null);
		for (int i = 0; i < 50; i++) {
			ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID(UUID.randomUUID().toString()).generate();
			JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(clientId).subject(clientId).audience(sender.issuer)
				.jwtID(UUID.randomUUID().toString()).issueTime(new Date())
				.expirationTime(Date.from(Instant.now().plusSeconds(60))).build();
			Map<String, String> form = new LinkedHashMap<>();
			form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
			form.put("client_assertion", TestRelyingParty.signed(claims, stranger, null));
			form.put("response_type", "code");
			form.put("redirect_uri", "https://keys.example/cb");
			form.put("scope", "openid");
			form.put("code_challenge", TestRelyingParty.Pkce.create().challenge());
			form.put("code_challenge_method", "S256");
			HttpResponse<String> refused = sender.postForm("/oauth2/par", form, null);
			assertThat(refused.statusCode()).isEqualTo(401);
			assertThat(refused.body()).contains("invalid_client");
		}
		assertThat(this.fetches.get()).as("fetches of the relying party's key set").isBetween(1, 2);
	}

}
