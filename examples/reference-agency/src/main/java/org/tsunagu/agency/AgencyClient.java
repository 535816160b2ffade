package org.tsunagu.agency;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * An agency's side of the platform's API: a client-credentials token ({@code private_key_jwt}, bound to a DPoP key
 * made for this client, RFC 9449), linking a person once by number, signed exchange requests, and the hub's keys.
 * Thread-safe: one client serves many requests at once.
 */
public final class AgencyClient {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String server;

	private final String clientId;

	private final ECKey key;

	private final ECKey dpopKey;

	private final ThreadLocal<ECDSASigner> signers;

	private final ThreadLocal<ECDSASigner> dpopSigners;

	private volatile String issuer;

	private volatile String tokenEndpoint;

	private volatile String accessToken;

	private volatile Instant renewAt = Instant.EPOCH;

	/**
	 * @param server the platform's base URL
	 * @param clientId the agency's client id at the platform's OpenID Provider
	 * @param key the agency's private signing key, whose public half it registered
	 */
	public AgencyClient(String server, String clientId, ECKey key) {
		this.server = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
		this.clientId = clientId;
		this.key = key;
		try {
			this.dpopKey = new ECKeyGenerator(Curve.P_256).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		this.signers = ThreadLocal.withInitial(() -> signer(key));
		this.dpopSigners = ThreadLocal.withInitial(() -> signer(this.dpopKey));
	}

	/** The client an agency file describes: {@code clientId} and {@code privateJwk}. */
	public static AgencyClient of(String server, AgencyFile file) {
		return new AgencyClient(server, file.clientId(), file.key());
	}

	public String server() {
		return this.server;
	}

	public String clientId() {
		return this.clientId;
	}

	public ECKey key() {
		return this.key;
	}

	private static ECDSASigner signer(ECKey key) {
		try {
			return new ECDSASigner(key);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Links the person with this number once, and answers this agency's code for them. */
	public String link(String individualNumber) {
		ObjectNode body = JSON.createObjectNode().put("individualNumber", individualNumber);
		HttpResponse<String> response = send("POST", "/api/v1/exchange/codes", "application/json", body.toString());
		if (response.statusCode() != 200) {
			throw new AgencyException("The platform did not link the person (HTTP " + response.statusCode() + "): "
					+ problem(response));
		}
		return JSON.readTree(response.body()).get("code").asString();
	}

	/** Signs an exchange request as this agency (typ {@code exchange-request+jwt}). */
	public String signRequest(String requestId, String subject, String provider, String item, String purpose) {
		ObjectNode payload = JSON.createObjectNode()
			.put("requestId", requestId)
			.put("subject", subject)
			.put("provider", provider)
			.put("item", item)
			.put("purpose", purpose)
			.put("iat", Instant.now().getEpochSecond());
		return sign("exchange-request+jwt", payload);
	}

	/** Signs a payload with the agency's key, with the given {@code typ}. */
	public String sign(String type, ObjectNode payload) {
		JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType(type))
			.keyID(this.key.getKeyID())
			.build(), new Payload(JSON.writeValueAsBytes(payload)));
		try {
			jws.sign(this.signers.get());
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jws.serialize();
	}

	/** Sends a signed exchange request; the answer as it came. */
	public HttpResponse<String> request(String signedRequest) {
		return send("POST", "/api/v1/exchange/requests", "application/jose", signedRequest);
	}

	/** The hub's published keys. */
	public JWKSet hubKeys() {
		try {
			HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(URI.create(this.server + "/api/v1/exchange/jwks"))
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new AgencyException("The hub's keys are not available (HTTP " + response.statusCode() + ")");
			}
			return JWKSet.parse(response.body());
		}
		catch (IOException | ParseException ex) {
			throw new AgencyException("The hub's keys cannot be read: " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AgencyException("Interrupted");
		}
	}

	/**
	 * The hub's signed result ({@code exchange-result+jwt}) for this request about this person, checked against the
	 * hub's published keys: its payload.
	 */
	public JsonNode verifyResult(String compact, String requestId, String subject) {
		JsonNode result = verifyResult(compact);
		if (!requestId.equals(result.path("requestId").asString("")) || !subject.equals(result.path("subject").asString(""))) {
			throw new AgencyException("The hub's result is for another request or another person.");
		}
		return result;
	}

	/** The hub's signed result ({@code exchange-result+jwt}), checked against the hub's published keys: its payload. */
	public JsonNode verifyResult(String compact) {
		try {
			JWSObject jws = JWSObject.parse(compact);
			com.nimbusds.jose.jwk.JWK key = hubKeys().getKeyByKeyId(jws.getHeader().getKeyID());
			if (!(key instanceof ECKey ec) || jws.getHeader().getType() == null
					|| !"exchange-result+jwt".equals(jws.getHeader().getType().getType())
					|| !jws.verify(new com.nimbusds.jose.crypto.ECDSAVerifier(ec))) {
				throw new AgencyException("The hub's result does not verify with the hub's published keys.");
			}
			return JSON.readTree(jws.getPayload().toBytes());
		}
		catch (ParseException | JOSEException ex) {
			throw new AgencyException("The hub's result is not a JWS the hub signed.");
		}
	}

	/** A DPoP-proved call to the platform's API with this agency's token. */
	public HttpResponse<String> send(String method, String path, String contentType, String body) {
		String url = this.server + path;
		String token = token();
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.timeout(Duration.ofSeconds(30))
			.header("Authorization", "DPoP " + token)
			.header("DPoP", dpop(method, url, token))
			.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		return exchange(request.build());
	}

	private HttpResponse<String> exchange(HttpRequest request) {
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new AgencyException("The platform is not reachable at " + this.server + ": " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AgencyException("Interrupted");
		}
	}

	/** The agency's access token, renewed a minute before it expires. */
	public String token() {
		if (this.accessToken != null && Instant.now().isBefore(this.renewAt)) {
			return this.accessToken;
		}
		synchronized (this) {
			if (this.accessToken != null && Instant.now().isBefore(this.renewAt)) {
				return this.accessToken;
			}
			discover();
			Map<String, String> form = new LinkedHashMap<>();
			form.put("grant_type", "client_credentials");
			form.put("scope", "exchange:link exchange:request");
			form.put("client_id", this.clientId);
			form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
			form.put("client_assertion", assertion());
			HttpResponse<String> response = exchange(HttpRequest.newBuilder(URI.create(this.tokenEndpoint))
				.timeout(Duration.ofSeconds(30))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.header("DPoP", dpop("POST", this.tokenEndpoint, null))
				.POST(HttpRequest.BodyPublishers.ofString(form.entrySet()
					.stream()
					.map((e) -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
							+ URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
					.collect(Collectors.joining("&"))))
				.build());
			if (response.statusCode() != 200) {
				throw new AgencyException("No token for client " + this.clientId + " (HTTP " + response.statusCode() + "): "
						+ response.body());
			}
			JsonNode granted = JSON.readTree(response.body());
			this.accessToken = granted.get("access_token").asString();
			this.renewAt = Instant.now().plusSeconds(Math.max(10, granted.path("expires_in").asLong(300) - 60));
			return this.accessToken;
		}
	}

	private void discover() {
		if (this.tokenEndpoint != null) {
			return;
		}
		HttpResponse<String> response = exchange(HttpRequest.newBuilder(URI.create(this.server + "/.well-known/openid-configuration"))
			.timeout(Duration.ofSeconds(30))
			.build());
		if (response.statusCode() != 200) {
			throw new AgencyException("No OpenID Provider at " + this.server + " (HTTP " + response.statusCode() + ")");
		}
		JsonNode configuration = JSON.readTree(response.body());
		this.issuer = configuration.get("issuer").asString();
		this.tokenEndpoint = configuration.get("token_endpoint").asString();
	}

	private String assertion() {
		Instant now = Instant.now();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(this.key.getKeyID()).build(),
				new JWTClaimsSet.Builder().issuer(this.clientId)
					.subject(this.clientId)
					.audience(this.issuer)
					.jwtID(UUID.randomUUID().toString())
					.issueTime(Date.from(now))
					.expirationTime(Date.from(now.plusSeconds(60)))
					.build());
		try {
			jwt.sign(this.signers.get());
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

	/** A DPoP proof (RFC 9449) for one call; with the hash of the access token at a resource. */
	String dpop(String method, String url, String token) {
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString())
			.claim("htm", method)
			.claim("htu", url)
			.issueTime(new Date());
		if (token != null) {
			claims.claim("ath", Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(token)));
		}
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("dpop+jwt"))
			.jwk(this.dpopKey.toPublicJWK())
			.build(), claims.build());
		try {
			jwt.sign(this.dpopSigners.get());
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

	private static byte[] sha256(String text) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The {@code detail} of a problem answer, or its status. */
	static String problem(HttpResponse<String> response) {
		try {
			return JSON.readTree(response.body()).path("detail").asString(response.body());
		}
		catch (RuntimeException ex) {
			return "HTTP " + response.statusCode();
		}
	}

	/** What an agency file holds, for {@link #of}. */
	public record AgencyFile(String organisationId, String identifier, String clientId, String endpoint, String item,
			ECKey key, JsonNode records) {

		public static AgencyFile read(Path file) {
			try {
				JsonNode json = JSON.readTree(Files.readString(file));
				return new AgencyFile(json.path("organisationId").asString(null), json.path("identifier").asString(null),
						json.get("clientId").asString(), json.path("endpoint").asString(null), json.path("item").asString(null),
						ECKey.parse(json.get("privateJwk").toString()), json.path("records"));
			}
			catch (IOException | ParseException | RuntimeException ex) {
				throw new AgencyException("Cannot read the agency file " + file + ": " + ex.getMessage());
			}
		}

	}

}
