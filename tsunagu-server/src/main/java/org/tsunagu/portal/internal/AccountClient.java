package org.tsunagu.portal.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.tsunagu.oidc.PortalClient;
import org.tsunagu.oidc.ProviderTokens;
import org.tsunagu.platform.SigningKeyFiles;
import org.tsunagu.platform.StrictJson;
import org.tsunagu.platform.TsunaguProperties;
import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;

/**
 * The account as a FAPI 2.0 relying party of this platform's provider, over HTTP like any other: a pushed
 * authorization request with PKCE (S256), {@code private_key_jwt} under the account's own key
 * ({@code keys/portal-client-key.p8}), a DPoP key per sign-in that binds the code and every token, the ID token
 * checked (signature by a published key, issuer, audience, nonce, lifetime), refresh tokens rotated. The API calls
 * behind the pages go out the same way, with a fresh DPoP proof each.
 */
@Component
class AccountClient {

	static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final SecureRandom RANDOM = new SecureRandom();

	private final ECKey clientKey;

	private final Clock clock;

	private final HttpClient http = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(5))
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	AccountClient(TsunaguProperties properties, Clock clock) {
		this.clientKey = SigningKeyFiles.loadOrCreate(properties.dataDir().resolve("keys"), "portal-client-key");
		this.clock = clock;
	}

	/** The public half of the account's client key, as the provider registers it. */
	JWK publicKey() {
		return this.clientKey.toPublicJWK();
	}

	/** Starts a sign-in: pushes the request and answers where to send the browser. */
	String start(String issuer, String redirectUri, String returnTo, String locale,
			java.util.function.Consumer<AccountSession.Pending> keep) {
		try {
			ECKey dpop = new ECKeyGenerator(Curve.P_256).generate();
			String verifier = random();
			String state = random();
			String nonce = random();
			Map<String, String> form = new LinkedHashMap<>();
			form.put("response_type", "code");
			form.put("client_id", ProviderTokens.PORTAL);
			form.put("redirect_uri", redirectUri);
			form.put("scope", String.join(" ", PortalClient.SCOPES));
			form.put("state", state);
			form.put("nonce", nonce);
			form.put("code_challenge", s256(verifier));
			form.put("code_challenge_method", "S256");
			form.put("ui_locales", locale);
			form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
			form.put("client_assertion", assertion(issuer));
			JsonNode pushed = post(issuer + "/oauth2/par", form, dpop, null, 201);
			keep.accept(new AccountSession.Pending(state, nonce, verifier, dpop.toJSONString(), redirectUri, issuer, returnTo));
			return "/oauth2/authorize?client_id=" + ProviderTokens.PORTAL + "&request_uri="
					+ URLEncoder.encode(pushed.get("request_uri").asString(), StandardCharsets.UTF_8);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("EC P-256 is not available", ex);
		}
	}

	/** Ends a sign-in: exchanges the code and checks the ID token. */
	AccountSession finish(AccountSession.Pending pending, String code) {
		try {
			ECKey dpop = ECKey.parse(pending.dpopKey());
			Map<String, String> form = new LinkedHashMap<>();
			form.put("grant_type", "authorization_code");
			form.put("code", code);
			form.put("redirect_uri", pending.redirectUri());
			form.put("code_verifier", pending.verifier());
			form.put("client_id", ProviderTokens.PORTAL);
			form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
			form.put("client_assertion", assertion(pending.issuer()));
			JsonNode tokens = post(pending.issuer() + "/oauth2/token", form, dpop, null, 200);
			JWTClaimsSet id = verifiedIdToken(pending.issuer(), tokens.get("id_token").asString(), pending.nonce());
			Instant now = this.clock.instant();
			List<String> amr = id.getStringListClaim("amr");
			return new AccountSession(pending.issuer(), tokens.get("access_token").asString(),
					tokens.path("refresh_token").asString(null), now.plusSeconds(tokens.get("expires_in").asLong()),
					pending.dpopKey(), tokens.get("id_token").asString(), id.getStringClaim("acr"),
					amr == null ? null : String.join(" ", amr), now);
		}
		catch (ParseException ex) {
			throw new AccountException("The provider's answer could not be read.");
		}
	}

	private JWTClaimsSet verifiedIdToken(String issuer, String idToken, String nonce) {
		try {
			SignedJWT jwt = SignedJWT.parse(idToken);
			if (!JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm())) {
				throw new AccountException("The ID token is not signed as agreed.");
			}
			JWKSet keys = JWKSet.parse(get(issuer + "/oauth2/jwks").toString());
			JWK key = keys.getKeyByKeyId(jwt.getHeader().getKeyID());
			if (!(key instanceof ECKey ec) || !jwt.verify(new ECDSAVerifier(ec.toECPublicKey()))) {
				throw new AccountException("The ID token's signature is not the provider's.");
			}
			JWTClaimsSet claims = jwt.getJWTClaimsSet();
			Instant now = this.clock.instant();
			if (!issuer.equals(claims.getIssuer()) || claims.getAudience() == null
					|| !claims.getAudience().contains(ProviderTokens.PORTAL) || !nonce.equals(claims.getStringClaim("nonce"))
					|| claims.getExpirationTime() == null || !now.isBefore(claims.getExpirationTime().toInstant())) {
				throw new AccountException("The ID token is not for this sign-in.");
			}
			return claims;
		}
		catch (ParseException | JOSEException ex) {
			throw new AccountException("The ID token could not be read.");
		}
	}

	/** A fresh access token by the refresh token, when the current one is about to expire. */
	AccountSession fresh(AccountSession session) {
		if (this.clock.instant().isBefore(session.accessExpires().minusSeconds(30))) {
			return session;
		}
		if (session.refreshToken() == null) {
			throw new AccountException.SignedOut();
		}
		try {
			Map<String, String> form = new LinkedHashMap<>();
			form.put("grant_type", "refresh_token");
			form.put("refresh_token", session.refreshToken());
			form.put("client_id", ProviderTokens.PORTAL);
			form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
			form.put("client_assertion", assertion(session.issuer()));
			JsonNode tokens = post(session.issuer() + "/oauth2/token", form, ECKey.parse(session.dpopKey()), null, 200);
			return session.refreshed(tokens.get("access_token").asString(), tokens.path("refresh_token").asString(null),
					this.clock.instant().plusSeconds(tokens.get("expires_in").asLong()));
		}
		catch (AccountException ex) {
			throw new AccountException.SignedOut();
		}
		catch (ParseException ex) {
			throw new AccountException.SignedOut();
		}
	}

	/** Calls the platform's API as the resident: the answer's status and body (JSON, or empty). */
	ApiAnswer call(AccountSession session, String method, String path, String jsonBody) {
		String url = session.issuer() + path;
		String proof;
		try {
			proof = proof(ECKey.parse(session.dpopKey()), method, url, session.accessToken());
		}
		catch (ParseException ex) {
			throw new AccountException.SignedOut();
		}
		return send(HttpRequest.newBuilder(URI.create(url))
			.header("Authorization", "DPoP " + session.accessToken())
			.header("DPoP", proof), method, jsonBody);
	}

	/** Calls the operator API with an operator's credential, for the console. */
	ApiAnswer operatorCall(String base, String credential, String method, String path, String jsonBody) {
		return send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + credential), method,
				jsonBody);
	}

	private ApiAnswer send(HttpRequest.Builder request, String method, String jsonBody) {
		try {
			request.timeout(TIMEOUT).header("Accept", "application/json");
			if (jsonBody != null) {
				request.header("Content-Type", "application/json");
			}
			request.method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
					: HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8));
			HttpResponse<String> answer = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
			if (answer.statusCode() == 401) {
				throw new AccountException.SignedOut();
			}
			return ApiAnswer.of(answer, StrictJson.answers());
		}
		catch (IOException ex) {
			throw new AccountException("The platform's API did not answer.");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AccountException("Interrupted.");
		}
	}

	/** Where the provider's logout is, for the ID token this session holds. */
	String logout(AccountSession session, String home) {
		return session.issuer() + "/connect/logout?id_token_hint=" + session.idToken() + "&client_id=" + ProviderTokens.PORTAL
				+ "&post_logout_redirect_uri=" + URLEncoder.encode(home, StandardCharsets.UTF_8);
	}

	/** A public text resource of the platform (the log's key). */
	String text(String url) {
		try {
			HttpResponse<String> answer = this.http.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build(),
					HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
			if (answer.statusCode() != 200) {
				throw new AccountException("The platform did not answer as expected.");
			}
			return answer.body();
		}
		catch (IOException ex) {
			throw new AccountException("The platform did not answer.");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AccountException("Interrupted.");
		}
	}

	private JsonNode get(String url) {
		return StrictJson.answers().readTree(text(url));
	}

	private JsonNode post(String url, Map<String, String> form, ECKey dpop, String accessToken, int expected) {
		try {
			String body = form.entrySet()
				.stream()
				.map((e) -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
				.collect(Collectors.joining("&"));
			HttpResponse<String> answer = this.http.send(HttpRequest.newBuilder(URI.create(url))
				.timeout(TIMEOUT)
				.header("Content-Type", "application/x-www-form-urlencoded")
				.header("DPoP", proof(dpop, "POST", url, accessToken))
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
			if (answer.statusCode() != expected) {
				throw new AccountException("The provider refused the account's request (" + answer.statusCode() + ").");
			}
			return StrictJson.answers().readTree(answer.body());
		}
		catch (IOException ex) {
			throw new AccountException("The provider did not answer.");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AccountException("Interrupted.");
		}
	}

	private String assertion(String issuer) {
		try {
			Instant now = this.clock.instant();
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(this.clientKey.getKeyID()).build(),
					new JWTClaimsSet.Builder().issuer(ProviderTokens.PORTAL)
						.subject(ProviderTokens.PORTAL)
						.audience(issuer)
						.jwtID(UUID.randomUUID().toString())
						.issueTime(Date.from(now))
						.expirationTime(Date.from(now.plusSeconds(60)))
						.build());
			jwt.sign(new ECDSASigner(this.clientKey));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot sign the client assertion", ex);
		}
	}

	private String proof(ECKey key, String method, String url, String accessToken) {
		try {
			JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString())
				.claim("htm", method)
				// RFC 9449 section 4.2: the target URI without query and fragment
				.claim("htu", url.replaceFirst("[?#].*$", ""))
				.issueTime(Date.from(this.clock.instant()));
			if (accessToken != null) {
				claims.claim("ath", s256(accessToken));
			}
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("dpop+jwt"))
				.jwk(key.toPublicJWK())
				.build(), claims.build());
			jwt.sign(new ECDSASigner(key));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot sign a DPoP proof", ex);
		}
	}

	private static String random() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static String s256(String value) {
		try {
			return Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
