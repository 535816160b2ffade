package org.tsunagu.oidc;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
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
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsunagu.TestApi;
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
 * The OpenID Provider checklist's cases that the attack and conformance tests did not yet make: forged access
 * tokens at the resources, expired codes and request URIs, pairwise subjects across sectors, loopback redirect
 * CVEs, key-fetching headers and foreign algorithms in client assertions, the clock-skew boundary, unregistered
 * logout redirects, {@code iss} on error responses, the entropy of handles, and ID token signatures against the
 * published keys. Each is made as an attacker would make it and must be refused.
 */
@TsunaguTest
class ProviderChecklistTest {

	static final String REQUEST_URI_PREFIX = "urn:ietf:params:oauth:request_uri:";

	@Autowired
	TestApi api;

	@Autowired
	OAuth2AuthorizationService authorizations;

	@TempDir
	Path dir;

	TestRelyingParty rp;

	TestBrowser browser;

	@BeforeEach
	void setUp() throws Exception {
		this.rp = TestRelyingParty.register(this.api, "[\"openid\",\"profile\"]", "high",
				"\"postLogoutRedirectUris\":[\"https://rp.example/signed-out\"]");
		this.browser = new TestBrowser(this.rp.issuer);
	}

	private record SignedIn(String code, TestRelyingParty.Pkce pkce) {
	}

	private SignedIn signIn(TestRelyingParty rp, TestCards card) throws Exception {
		TestRelyingParty.Pkce pkce = TestRelyingParty.Pkce.create();
		Map<String, String> back = SignInFlows.signIn(this.browser, rp, card, rp.authorizationParameters(pkce, "openid profile"),
				List.of("profile"));
		return new SignedIn(back.get("code"), pkce);
	}

	private static HttpResponse<String> redeem(TestRelyingParty rp, SignedIn signedIn) throws Exception {
		return rp.token(Map.of("grant_type", "authorization_code", "code", signedIn.code(), "redirect_uri", rp.redirectUri,
				"code_verifier", signedIn.pkce().verifier()), rp.dpop("POST", rp.issuer + "/oauth2/token", null));
	}

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
