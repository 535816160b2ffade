package org.tsunagu.oidc;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.tsunagu.TsunaguTest;
import org.tsunagu.registry.TestResidents;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenID Provider checklist's cases about tokens at the resources: forged access tokens at the operator API
 * and userinfo; ID tokens signed by a published key, with pairwise subjects across sectors, opening no resource
 * and sending no one to an unregistered logout redirect; DPoP proofs outside their time window; userinfo by POST.
 * Each forgery is made as an attacker would make it and must be refused.
 */
@TsunaguTest
class ProviderChecklistTokenTest extends ProviderChecklistCase {

	/** A resource call with {@code token} and a DPoP proof made for it by the relying party's key. */
	private static int call(TestRelyingParty rp, String path, String token) throws Exception {
		return rp.getWithDpop(path, token).statusCode();
	}

	private static int callBearer(String url, String token) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).build(),
					HttpResponse.BodyHandlers.ofString())
			.statusCode();
	}

	@Test
	@DisplayName("forged access tokens at the operator API and userinfo: alg none, HMAC with the public key, zero signature, another key under our kid, jku, a changed claim, an ID token")
	void resourceWhenAccessTokenIsForgedThenRefused() throws Exception {
		String resident = this.api.postJson("/api/v1/residents", TestResidents.katsuko()).jsonBody().get("id").asString();
		TestRelyingParty service = TestRelyingParty.register(this.api, "[]", "low",
				"\"serviceScopes\":[\"registry:read\"],\"redirectUris\":[]");
		HttpResponse<String> granted = service.token(Map.of("grant_type", "client_credentials", "scope", "registry:read"),
				service.dpop("POST", service.issuer + "/oauth2/token", null));
		assertThat(granted.statusCode()).as(granted.body()).isEqualTo(200);
		String token = TestRelyingParty.json(granted).get("access_token").asString();
		String path = "/api/v1/residents/" + resident;
		assertThat(call(service, path, token)).isEqualTo(200);

		SignedJWT real = SignedJWT.parse(token);
		JWTClaimsSet claims = real.getJWTClaimsSet();
		String kid = real.getHeader().getKeyID();
		String published = this.api.get("/oauth2/jwks").body();
		ECKey attacker = new ECKeyGenerator(Curve.P_256).keyID(kid).generate();

		String none = new PlainJWT(new com.nimbusds.jose.PlainHeader.Builder().type(new JOSEObjectType("at+jwt")).build(), claims)
			.serialize();
		SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(kid).type(new JOSEObjectType("at+jwt")).build(),
				claims);
		hmac.sign(new MACSigner(published.getBytes(StandardCharsets.UTF_8)));
		String[] parts = token.split("\\.");
		String zero = parts[0] + "." + parts[1] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[64]);
		SignedJWT otherKey = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid).type(new JOSEObjectType("at+jwt"))
			.jwk(attacker.toPublicJWK())
			.build(), claims);
		otherKey.sign(new ECDSASigner(attacker));
		SignedJWT jku = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid).type(new JOSEObjectType("at+jwt"))
			.jwkURL(URI.create("https://attacker.example/jwks"))
			.build(), claims);
		jku.sign(new ECDSASigner(attacker));
		JWTClaimsSet widened = new JWTClaimsSet.Builder(claims).claim("scope", "registry:read registry:write oidc:admin").build();
		String changed = parts[0] + "."
				+ Base64.getUrlEncoder().withoutPadding().encodeToString(widened.toString().getBytes(StandardCharsets.UTF_8)) + "."
				+ parts[2];

		Map<String, String> forgeries = Map.of("alg none", none, "HS256 keyed with the JWKS", hmac.serialize(),
				"zero signature (CVE-2022-21449)", zero, "another key under our kid", otherKey.serialize(), "jku header",
				jku.serialize(), "widened scope, original signature", changed);
		forgeries.forEach((what, forged) -> {
			try {
				assertThat(call(service, path, forged)).as(what).isEqualTo(401);
				assertThat(callBearer(service.issuer + path, forged)).as(what + " as bearer").isEqualTo(401);
				assertThat(call(service, "/api/v1/relying-parties", forged)).as(what).isEqualTo(401);
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

	@Test
	@DisplayName("pairwise subjects: another sector sees another sub, a client of the same sector the same; an ID token is signed by a published key and opens no resource")
	void signInWhenSectorsDifferThenSubjectsDiffer() throws Exception {
		TestCards card = TestCards.issue(this.api, TestResidents.katsuko(), this.dir);
		TestRelyingParty sameSector = TestRelyingParty.register(this.api, "[\"openid\",\"profile\"]", "high", null,
				TestRelyingParty.REDIRECT, "https://sakura-bank.example");
		TestRelyingParty otherSector = TestRelyingParty.register(this.api, "[\"openid\",\"profile\"]", "high", null,
				TestRelyingParty.REDIRECT, "https://ume-insurance.example");
		Map<String, String> subjects = new java.util.LinkedHashMap<>();
		String idToken = null;
		String accessToken = null;
		for (TestRelyingParty each : List.of(this.rp, sameSector, otherSector)) {
			HttpResponse<String> tokens = redeem(each, signIn(each, card));
			assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
			JsonNode answer = TestRelyingParty.json(tokens);
			SignedJWT id = SignedJWT.parse(answer.get("id_token").asString());
			// signed by a key the provider publishes
			ECKey key = JWKSet.parse(this.api.get("/oauth2/jwks").body()).getKeyByKeyId(id.getHeader().getKeyID()).toECKey();
			assertThat(id.verify(new ECDSAVerifier(key))).isTrue();
			subjects.put(each.clientId, id.getJWTClaimsSet().getSubject());
			if (each == this.rp) {
				idToken = answer.get("id_token").asString();
				accessToken = answer.get("access_token").asString();
			}
		}
		assertThat(subjects.get(this.rp.clientId)).isEqualTo(subjects.get(sameSector.clientId))
			.isNotEqualTo(subjects.get(otherSector.clientId))
			.isNotEqualTo(card.residentId());
		assertThat(call(this.rp, "/userinfo", accessToken)).isEqualTo(200);
		// the ID token is not an access token
		assertThat(call(this.rp, "/userinfo", idToken)).isEqualTo(401);
		assertThat(callBearer(this.rp.issuer + "/userinfo", idToken)).isEqualTo(401);

		// logging out with an unregistered post_logout_redirect_uri never sends the browser there
		HttpResponse<String> logout = this.browser.get("/connect/logout?id_token_hint=" + idToken
				+ "&post_logout_redirect_uri=" + URLEncoder.encode("https://attacker.example/", StandardCharsets.UTF_8) + "&state=x");
		assertThat(String.valueOf(logout.headers().firstValue("Location").orElse(""))).doesNotContain("attacker.example");
	}

	private static String dpopAt(com.nimbusds.jose.jwk.ECKey key, String method, String url, Instant issuedAt) throws Exception {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("dpop+jwt"))
			.jwk(key.toPublicJWK())
			.build(), new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString())
				.claim("htm", method)
				.claim("htu", url)
				.issueTime(Date.from(issuedAt))
				.build());
		jwt.sign(new ECDSASigner(key));
		return jwt.serialize();
	}

	@Test
	@DisplayName("fapi2-security-profile-final-dpop-negative-tests (iat steps): a proof minutes old or from the future is refused, one a few seconds old accepted, at the token endpoint and a resource")
	void tokenWhenDpopProofIsOutsideItsTimeWindowThenRefused() throws Exception {
		TestRelyingParty service = TestRelyingParty.register(this.api, "[]", "low",
				"\"serviceScopes\":[\"registry:read\"],\"redirectUris\":[]");
		ECKey key = new ECKeyGenerator(Curve.P_256).generate();
		String tokenUrl = service.issuer + "/oauth2/token";
		Map<String, String> grant = Map.of("grant_type", "client_credentials", "scope", "registry:read");
		for (Instant issued : List.of(Instant.now().minusSeconds(300), Instant.now().minusSeconds(90), Instant.now().plusSeconds(15),
				Instant.now().plusSeconds(60))) {
			HttpResponse<String> refused = service.token(grant, dpopAt(key, "POST", tokenUrl, issued));
			assertThat(refused.statusCode()).as("iat " + issued).isEqualTo(400);
			assertThat(refused.body()).contains("invalid_dpop_proof").doesNotContain("access_token");
		}
		HttpResponse<String> granted = service.token(grant, dpopAt(key, "POST", tokenUrl, Instant.now().minusSeconds(5)));
		assertThat(granted.statusCode()).isEqualTo(200);
		// at a resource too
		String token = TestRelyingParty.json(granted).get("access_token").asString();
		String resident = this.api.postJson("/api/v1/residents", TestResidents.katsuko()).jsonBody().get("id").asString();
		String url = service.issuer + "/api/v1/residents/" + resident;
		for (Instant issued : List.of(Instant.now().minusSeconds(300), Instant.now().plusSeconds(15))) {
			HttpResponse<String> refused = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "DPoP " + token)
					.header("DPoP", dpopAtFor(key, "GET", url, issued, token))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(refused.statusCode()).as("iat " + issued).isEqualTo(401);
		}
	}

	private static String dpopAtFor(ECKey key, String method, String url, Instant issuedAt, String accessToken) throws Exception {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("dpop+jwt"))
			.jwk(key.toPublicJWK())
			.build(), new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString())
				.claim("htm", method)
				.claim("htu", url)
				.claim("ath", Base64.getUrlEncoder().withoutPadding().encodeToString(
						java.security.MessageDigest.getInstance("SHA-256").digest(accessToken.getBytes(StandardCharsets.US_ASCII))))
				.issueTime(Date.from(issuedAt))
				.build());
		jwt.sign(new ECDSASigner(key));
		return jwt.serialize();
	}

	@Test
	@DisplayName("oidcc-userinfo-post-header: userinfo by POST with the token in the header answers the same claims")
	void userinfoWhenPostedThenSameClaims() throws Exception {
		TestCards card = TestCards.issue(this.api, TestResidents.katsuko(), this.dir);
		JsonNode tokens = TestRelyingParty.json(redeem(this.rp, signIn(this.rp, card)));
		String token = tokens.get("access_token").asString();
		String url = this.rp.issuer + "/userinfo";
		HttpResponse<String> posted = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(url))
				.header("Authorization", "DPoP " + token)
				.header("DPoP", this.rp.dpop("POST", url, token))
				.POST(HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
		assertThat(TestRelyingParty.json(posted).get("sub").asString())
			.isEqualTo(TestRelyingParty.json(this.rp.getWithDpop("/userinfo", token)).get("sub").asString());
		// a proof made for GET does not serve a POST
		HttpResponse<String> wrongMethod = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(url))
				.header("Authorization", "DPoP " + token)
				.header("DPoP", this.rp.dpop("GET", url, token))
				.POST(HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(wrongMethod.statusCode()).isEqualTo(401);
	}

}
