package org.tsunagu.oidc;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.tsunagu.TestApi;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A relying party as a FAPI 2.0 client behaves, for tests: its own P-256 key for {@code private_key_jwt}, a DPoP
 * key, PKCE S256, pushed authorization requests. Each method makes exactly the request a real client would, so a
 * test can change one thing and see the provider refuse it.
 */
public final class TestRelyingParty {

	public static final String REDIRECT = "https://rp.example/callback";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	public final TestApi api;

	public final ECKey clientKey;

	public ECKey dpopKey;

	public final String clientId;

	public final String issuer;

	public final String redirectUri;

	private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

	private TestRelyingParty(TestApi api, ECKey clientKey, String clientId, String redirectUri) throws Exception {
		this.redirectUri = redirectUri;
		this.api = api;
		this.clientKey = clientKey;
		this.dpopKey = new ECKeyGenerator(Curve.P_256).generate();
		this.clientId = clientId;
		this.issuer = api.uri("").toString().replaceAll("/$", "");
	}

	/** A client registered some other way (an organisation's), acting with its key. */
	public static TestRelyingParty of(TestApi api, ECKey key, String clientId) throws Exception {
		return new TestRelyingParty(api, key, clientId, REDIRECT);
	}

	/** Registers a relying party; {@code extra} is more JSON members, such as {@code "serviceScopes":[...]}. */
	public static TestRelyingParty register(TestApi api, String scopes, String maxAssurance, String extra) throws Exception {
		return register(api, scopes, maxAssurance, extra, REDIRECT);
	}

	public static TestRelyingParty register(TestApi api, String scopes, String maxAssurance, String extra, String redirect)
			throws Exception {
		return register(api, scopes, maxAssurance, extra, redirect, "https://sakura-bank.example");
	}

	/** A relying party of the given sector (the scope of its pairwise subjects). */
	public static TestRelyingParty register(TestApi api, String scopes, String maxAssurance, String extra, String redirect,
			String sector) throws Exception {
		ECKey key = new ECKeyGenerator(Curve.P_256).keyID("rp-" + UUID.randomUUID()).generate();
		String body = """
				{"name":{"en":"Sakura Bank","ja":"さくら銀行"},"kind":"private","sectorIdentifier":"%s",
				 "redirectUris":["%s"],"jwks":{"keys":[%s]},"scopes":%s,"maxAssurance":"%s",
				 "policyUrl":"https://sakura-bank.example/privacy"}"""
			.formatted(sector, redirect, key.toPublicJWK().toJSONString(), scopes, maxAssurance);
		if (extra != null) {
			// the extra members replace the defaults they name: the platform refuses a member named twice
			tools.jackson.databind.json.JsonMapper mapper = new tools.jackson.databind.json.JsonMapper();
			tools.jackson.databind.node.ObjectNode merged = (tools.jackson.databind.node.ObjectNode) mapper.readTree(body);
			mapper.readTree("{" + extra + "}").properties().forEach((member) -> merged.set(member.getKey(), member.getValue()));
			body = mapper.writeValueAsString(merged);
		}
		TestApi.Response registered = api.postJson("/api/v1/relying-parties", body);
		if (registered.status() != 201) {
			throw new IllegalStateException(registered.body());
		}
		return new TestRelyingParty(api, key, registered.jsonBody().get("clientId").asString(), redirect);
	}

	public String assertion() throws Exception {
		return assertion(this.issuer, UUID.randomUUID().toString(), Instant.now());
	}

	public String assertion(String audience, String jti, Instant issuedAt) throws Exception {
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(this.clientId)
			.subject(this.clientId)
			.audience(audience)
			.jwtID(jti)
			.issueTime(Date.from(issuedAt))
			.expirationTime(Date.from(issuedAt.plusSeconds(60)))
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(this.clientKey.getKeyID()).build(), claims);
		jwt.sign(new ECDSASigner(this.clientKey));
		return jwt.serialize();
	}

	/** Any claims, signed with this client's key as its assertions are: for assertions that break a rule. */
	public String sign(JWTClaimsSet claims) throws Exception {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(this.clientKey.getKeyID()).build(), claims);
		jwt.sign(new ECDSASigner(this.clientKey));
		return jwt.serialize();
	}

	/**
	 * Claims signed ES256 by {@code key} under its key ID, the header carrying {@code embedded}'s public key when
	 * given: for assertions by a key other than the client's, or naming their own.
	 */
	public static String signed(JWTClaimsSet claims, ECKey key, ECKey embedded) throws Exception {
		JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID());
		if (embedded != null) {
			header.jwk(embedded.toPublicJWK());
		}
		SignedJWT jwt = new SignedJWT(header.build(), claims);
		jwt.sign(new ECDSASigner(key));
		return jwt.serialize();
	}

	public String dpop(String method, String url, String accessToken) throws Exception {
		return dpop(this.dpopKey, method, url, accessToken);
	}

	public static String dpop(ECKey key, String method, String url, String accessToken) throws Exception {
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString())
			.claim("htm", method)
			.claim("htu", url)
			.issueTime(new Date());
		if (accessToken != null) {
			claims.claim("ath", Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString(MessageDigest.getInstance("SHA-256").digest(accessToken.getBytes(StandardCharsets.US_ASCII))));
		}
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("dpop+jwt"))
			.jwk(key.toPublicJWK())
			.build(), claims.build());
		jwt.sign(new ECDSASigner(key));
		return jwt.serialize();
	}

	/** PKCE: a verifier and its S256 challenge. */
	public record Pkce(String verifier, String challenge) {

		public static Pkce create() throws Exception {
			byte[] bytes = new byte[32];
			new SecureRandom().nextBytes(bytes);
			String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
			String challenge = Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
			return new Pkce(verifier, challenge);
		}

	}

	/** The usual authorization request's parameters; tests change or remove one. */
	public Map<String, String> authorizationParameters(Pkce pkce, String scope) {
		Map<String, String> p = new LinkedHashMap<>();
		p.put("response_type", "code");
		p.put("client_id", this.clientId);
		p.put("redirect_uri", this.redirectUri);
		p.put("scope", scope);
		p.put("state", "st-" + UUID.randomUUID());
		p.put("nonce", "n-" + UUID.randomUUID());
		p.put("code_challenge", pkce.challenge());
		p.put("code_challenge_method", "S256");
		return p;
	}

	/** Posts to the PAR endpoint, authenticated by a fresh assertion. */
	public HttpResponse<String> par(Map<String, String> parameters) throws Exception {
		Map<String, String> form = new LinkedHashMap<>(parameters);
		form.putIfAbsent("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
		form.putIfAbsent("client_assertion", assertion());
		return postForm("/oauth2/par", form, null);
	}

	public HttpResponse<String> token(Map<String, String> parameters, String dpopProof) throws Exception {
		Map<String, String> form = new LinkedHashMap<>(parameters);
		form.putIfAbsent("client_id", this.clientId);
		form.putIfAbsent("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
		form.putIfAbsent("client_assertion", assertion());
		return postForm("/oauth2/token", form, dpopProof);
	}

	public HttpResponse<String> postForm(String path, Map<String, String> form, String dpopProof) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.issuer + path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(encode(form)));
		if (dpopProof != null) {
			request.header("DPoP", dpopProof);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** A resource call with a DPoP-bound token. */
	public HttpResponse<String> getWithDpop(String path, String accessToken) throws Exception {
		String url = this.issuer + path;
		return this.http.send(HttpRequest.newBuilder(URI.create(url))
			.header("Authorization", "DPoP " + accessToken)
			.header("DPoP", dpop("GET", url, accessToken))
			.GET()
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	public static JsonNode json(HttpResponse<String> response) {
		return JSON.readTree(response.body());
	}

	public static Map<String, Object> claims(String jwt) throws Exception {
		return SignedJWT.parse(jwt).getJWTClaimsSet().toJSONObject();
	}

	public static String encode(Map<String, String> form) {
		return form.entrySet()
			.stream()
			.map((e) -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
	}

	public static Map<String, String> query(String location) {
		String query = URI.create(location).getRawQuery();
		Map<String, String> values = new LinkedHashMap<>();
		if (query != null) {
			for (String pair : query.split("&")) {
				int eq = pair.indexOf('=');
				values.put(java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
						java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
			}
		}
		return values;
	}

	public static List<String> keys(Map<String, ?> map) {
		return List.copyOf(map.keySet());
	}

}
