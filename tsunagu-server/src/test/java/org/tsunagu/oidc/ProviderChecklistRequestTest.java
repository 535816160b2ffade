package org.tsunagu.oidc;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.tsunagu.TsunaguTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenID Provider checklist's cases about what a client sends: client assertions that name their own key
 * ({@code jku}, {@code x5u}, an embedded {@code jwk}) or take a foreign algorithm, the clock-skew boundary of an
 * assertion's {@code iat} and {@code nbf}, loopback redirect URIs varied as the loopback CVEs did, and pushed
 * requests with a parameter duplicated or missing. Each is made as an attacker would make it and must be refused.
 */
@TsunaguTest
class ProviderChecklistRequestTest extends ProviderChecklistCase {

	@Test
	@DisplayName("loopback redirect URIs match exactly too (Keycloak CVE-2024-8883, fosite CVE-2020-15233)")
	void parWhenLoopbackRedirectIsVariedThenRefused() throws Exception {
		String registered = "http://127.0.0.1:53682/cb";
		TestRelyingParty loopback = TestRelyingParty.register(this.api, "[\"openid\",\"profile\"]", "high", null, registered);
		Map<String, String> good = loopback.authorizationParameters(TestRelyingParty.Pkce.create(), "openid profile");
		assertThat(loopback.par(good).statusCode()).isEqualTo(201);
		for (String uri : List.of("http://127.0.0.1:53682/cb?x=1", "http://127.0.0.1:53682/cb#x", "http://127.0.0.1:53682/cb/",
				"http://127.0.0.1:53682/CB", "http://127.0.0.1:53682/cb/../evil", "http://localhost:53682/cb",
				"http://127.0.0.1.attacker.example:53682/cb", "http://localhost.attacker.example:53682/cb",
				"http://attacker.example:53682/cb", "http://127.0.0.1:53682@attacker.example/cb", "https://127.0.0.1:53682/cb",
				"http://[::1]:53682/cb", "http://127.0.0.2:53682/cb")) {
			Map<String, String> p = loopback.authorizationParameters(TestRelyingParty.Pkce.create(), "openid profile");
			p.put("redirect_uri", uri);
			HttpResponse<String> refused = loopback.par(p);
			assertThat(refused.statusCode()).as(uri).isEqualTo(400);
		}
	}

	@Test
	@DisplayName("client assertions: no key from jku, x5u or an embedded jwk, no RS256 for an EC client")
	void tokenWhenAssertionNamesItsOwnKeyOrAnotherAlgorithmThenRefused() throws Exception {
		ECKey attacker = new ECKeyGenerator(Curve.P_256).keyID(this.rp.clientKey.getKeyID()).generate();
		RSAKey rsa = new RSAKeyGenerator(2048).keyID(this.rp.clientKey.getKeyID()).generate();
		List<SignedJWT> forged = List.of(
				new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(attacker.getKeyID())
					.jwkURL(URI.create("https://attacker.example/jwks"))
					.build(), assertionClaims(Instant.now())),
				new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(attacker.getKeyID())
					.x509CertURL(URI.create("https://attacker.example/cert.pem"))
					.build(), assertionClaims(Instant.now())),
				new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(attacker.getKeyID()).jwk(attacker.toPublicJWK()).build(),
						assertionClaims(Instant.now())),
				new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(rsa.getKeyID()).build(), assertionClaims(Instant.now())));
		for (SignedJWT jwt : forged) {
			if (jwt.getHeader().getAlgorithm().equals(JWSAlgorithm.RS256)) {
				jwt.sign(new RSASSASigner(rsa));
			}
			else {
				jwt.sign(new ECDSASigner(attacker));
			}
			HttpResponse<String> refused = this.rp.token(Map.of("grant_type", "client_credentials", "scope", "openid",
					"client_assertion", jwt.serialize()), this.rp.dpop("POST", this.rp.issuer + "/oauth2/token", null));
			assertThat(refused.statusCode()).as(jwt.getHeader().toString()).isEqualTo(401);
			assertThat(refused.body()).contains("invalid_client");
		}
	}

	private JWTClaimsSet assertionClaims(Instant issuedAt) {
		return new JWTClaimsSet.Builder().issuer(this.rp.clientId)
			.subject(this.rp.clientId)
			.audience(this.rp.issuer)
			.jwtID(UUID.randomUUID().toString())
			.issueTime(Date.from(issuedAt))
			.expirationTime(Date.from(issuedAt.plusSeconds(60)))
			.build();
	}

	@Test
	@DisplayName("client assertions: iat or nbf more than 10 s ahead refused, a few seconds ahead accepted")
	void parWhenAssertionIsFromTheFutureThenRefusedPastTenSeconds() throws Exception {
		Map<String, String> p = this.rp.authorizationParameters(TestRelyingParty.Pkce.create(), "openid profile");
		p.put("client_assertion", this.rp.assertion(this.rp.issuer, UUID.randomUUID().toString(), Instant.now().plusSeconds(5)));
		assertThat(this.rp.par(p).statusCode()).isEqualTo(201);
		for (Instant ahead : List.of(Instant.now().plusSeconds(13), Instant.now().plusSeconds(30))) {
			Map<String, String> q = this.rp.authorizationParameters(TestRelyingParty.Pkce.create(), "openid profile");
			q.put("client_assertion", this.rp.assertion(this.rp.issuer, UUID.randomUUID().toString(), ahead));
			assertThat(this.rp.par(q).statusCode()).as("iat " + ahead).isEqualTo(401);
		}
		SignedJWT notYet = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(this.rp.clientKey.getKeyID()).build(),
				new JWTClaimsSet.Builder(assertionClaims(Instant.now())).notBeforeTime(Date.from(Instant.now().plusSeconds(13))).build());
		notYet.sign(new ECDSASigner(this.rp.clientKey));
		Map<String, String> r = this.rp.authorizationParameters(TestRelyingParty.Pkce.create(), "openid profile");
		r.put("client_assertion", notYet.serialize());
		assertThat(this.rp.par(r).statusCode()).isEqualTo(401);
	}

	@Test
	@DisplayName("fapi2-security-profile-final-ensure-redirect-uri-in-authorization-request / fapi2-security-profile-final-ensure-request-object-without-redirect-uri-fails / oidcc-response-type-missing: a pushed request without redirect_uri, response_type or its client is refused; a duplicated parameter is refused; scopes in another order are accepted")
	void parWhenParametersAreDuplicatedOrMissingThenRefused() throws Exception {
		Map<String, String> good = this.rp.authorizationParameters(TestRelyingParty.Pkce.create(), "profile openid");
		assertThat(this.rp.par(good).statusCode()).as("scopes in another order").isEqualTo(201);
		for (String missing : List.of("redirect_uri", "response_type", "client_id")) {
			Map<String, String> p = this.rp.authorizationParameters(TestRelyingParty.Pkce.create(), "openid profile");
			p.remove(missing);
			if (missing.equals("client_id")) {
				// the assertion still names the client: the request itself must say which client it is
				p.put("client_id", "another-client");
			}
			HttpResponse<String> refused = this.rp.par(p);
			assertThat(refused.statusCode()).as(missing).isIn(400, 401);
			assertThat(refused.body()).as(missing).doesNotContain("request_uri");
		}
		for (String duplicated : List.of("redirect_uri", "scope", "state", "code_challenge")) {
			Map<String, String> p = this.rp.authorizationParameters(TestRelyingParty.Pkce.create(), "openid profile");
			p.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
			p.put("client_assertion", this.rp.assertion());
			String body = TestRelyingParty.encode(p) + "&" + URLEncoder.encode(duplicated, StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(p.get(duplicated), StandardCharsets.UTF_8);
			HttpResponse<String> refused = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create(this.rp.issuer + "/oauth2/par"))
					.header("Content-Type", "application/x-www-form-urlencoded")
					.POST(HttpRequest.BodyPublishers.ofString(body))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(refused.statusCode()).as("two " + duplicated).isEqualTo(400);
			assertThat(refused.body()).as("two " + duplicated).contains("invalid_request").doesNotContain("request_uri\"");
		}
	}

}
