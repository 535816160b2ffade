package org.tsunagu.wallet.credentials;

import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** DPoP proofs, and the one retry with the nonce a server asks for (RFC 9449 section 8). */
class DpopKeyTest {

	final List<String> proofs = new CopyOnWriteArrayList<>();

	HttpServer server;

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.stop(0);
		}
	}

	/** A token endpoint that wants nonce {@code n-1} in every proof. */
	String tokenEndpointAskingForANonce() throws Exception {
		this.server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
		this.server.createContext("/oauth2/token", (exchange) -> {
			String proof = exchange.getRequestHeaders().getFirst("DPoP");
			this.proofs.add(proof);
			boolean hasNonce;
			try {
				hasNonce = "n-1".equals(SignedJWT.parse(proof).getJWTClaimsSet().getClaim("nonce"));
			}
			catch (java.text.ParseException ex) {
				hasNonce = false;
			}
			byte[] body = (hasNonce ? "{\"access_token\":\"t\",\"token_type\":\"DPoP\"}" : "{\"error\":\"use_dpop_nonce\"}")
				.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("DPoP-Nonce", "n-1");
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(hasNonce ? 200 : 400, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		this.server.start();
		return "http://localhost:" + this.server.getAddress().getPort() + "/oauth2/token";
	}

	@Test
	void postWhenTheServerAsksForANonceThenOnceMoreWithItAndKeptForTheNext() throws Exception {
		String url = tokenEndpointAskingForANonce();
		DpopKey key = new DpopKey(Clock.systemUTC());
		Wire wire = new Wire(HttpClient.newHttpClient());
		HttpResponse<String> answer = key.post(wire, url, null, (r) -> r.POST(HttpRequest.BodyPublishers.ofString("grant_type=x")));
		assertThat(answer.statusCode()).isEqualTo(200);
		assertThat(this.proofs).hasSize(2);
		assertThat(key.post(wire, url, null, (r) -> r.POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(200);
		assertThat(this.proofs).hasSize(3);
	}

	@Test
	void proofWhenWithATokenThenHtmHtuWithoutQueryAndAth() throws Exception {
		SignedJWT proof = SignedJWT.parse(new DpopKey(Clock.systemUTC()).proof("POST", "https://issuer.example/credential?x=1#f", "token"));
		assertThat(proof.getHeader().getType().getType()).isEqualTo("dpop+jwt");
		assertThat(proof.getHeader().getJWK().isPrivate()).isFalse();
		assertThat(proof.getJWTClaimsSet().getClaim("htm")).isEqualTo("POST");
		assertThat(proof.getJWTClaimsSet().getClaim("htu")).isEqualTo("https://issuer.example/credential");
		assertThat(proof.getJWTClaimsSet().getClaim("ath")).isEqualTo("PEaenWxYddN6Q_NT1PiOYfz4EsZu7jRXRlpAsNpBU-A");
		assertThat(proof.getJWTClaimsSet().getJWTID()).isNotBlank();
	}

}
