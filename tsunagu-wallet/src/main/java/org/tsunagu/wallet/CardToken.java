package org.tsunagu.wallet;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The wallet's own access token from the platform's OpenID Provider, with the card as the credential: a JWT-bearer
 * grant (RFC 7523) whose assertion the card's authentication key signs, and a DPoP key (RFC 9449) made for this
 * session, to which the token is bound. Then DPoP-proved calls with it.
 */
public final class CardToken {

	private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

	private final HttpClient http;

	private final JsonMapper json = JsonMapper.builder().build();

	private final KeyPair dpop;

	private String accessToken;

	public CardToken(HttpClient http) {
		this.http = http;
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			this.dpop = generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Asks the provider at {@code origin} for a token, proving possession of the card's authentication key. */
	public void obtain(String origin, KeyPair card, Provider provider, X509Certificate certificate) {
		String serial = certificate.getSerialNumber().toString(16).toUpperCase(java.util.Locale.ROOT);
		long now = Instant.now().getEpochSecond();
		ObjectNode header = this.json.createObjectNode().put("alg", "ES256").put("typ", "JWT");
		try {
			header.putArray("x5c").add(Base64.getEncoder().encodeToString(certificate.getEncoded()));
		}
		catch (java.security.cert.CertificateEncodingException ex) {
			throw new WalletException("The card's certificate cannot be read.", ex);
		}
		ObjectNode claims = this.json.createObjectNode()
			.put("iss", serial)
			.put("sub", serial)
			.put("aud", origin)
			.put("iat", now)
			.put("exp", now + 60)
			.put("jti", UUID.randomUUID().toString());
		String assertion = sign(header, claims, card.getPrivate(), provider);
		String tokenUrl = origin + "/oauth2/token";
		String form = "grant_type=" + enc("urn:ietf:params:oauth:grant-type:jwt-bearer") + "&client_id=tsunagu-wallet"
				+ "&scope=" + enc("openid me:read") + "&assertion=" + enc(assertion);
		HttpResponse<String> response = WalletHttp.send(this.http, HttpRequest.newBuilder(URI.create(tokenUrl))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("DPoP", proof("POST", tokenUrl, null))
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build());
		JsonNode answer = this.json.readTree(response.body());
		if (response.statusCode() != 200) {
			throw new WalletException("The provider refused the card: " + answer.path("error_description").asString(
					answer.path("error").asString("HTTP " + response.statusCode())));
		}
		this.accessToken = answer.get("access_token").asString();
	}

	/** A DELETE with the token and a fresh DPoP proof; the status code. */
	public int delete(String url) {
		if (this.accessToken == null) {
			throw new IllegalStateException("obtain a token first");
		}
		return WalletHttp.send(this.http, HttpRequest.newBuilder(URI.create(url))
			.header("Authorization", "DPoP " + this.accessToken)
			.header("DPoP", proof("DELETE", url, this.accessToken))
			.DELETE()
			.build()).statusCode();
	}

	/** A POST of JSON with the token and a fresh DPoP proof; the answer. */
	public HttpResponse<String> postJson(String url, String body) {
		if (this.accessToken == null) {
			throw new IllegalStateException("obtain a token first");
		}
		return WalletHttp.send(this.http, HttpRequest.newBuilder(URI.create(url))
			.header("Authorization", "DPoP " + this.accessToken)
			.header("DPoP", proof("POST", url, this.accessToken))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build());
	}

	/** A GET with the token and a fresh DPoP proof; the body. */
	public String get(String url) {
		if (this.accessToken == null) {
			throw new IllegalStateException("obtain a token first");
		}
		HttpResponse<String> response = WalletHttp.send(this.http, HttpRequest.newBuilder(URI.create(url))
			.header("Authorization", "DPoP " + this.accessToken)
			.header("DPoP", proof("GET", url, this.accessToken))
			.build());
		if (response.statusCode() != 200) {
			throw new WalletException("The server answered " + response.statusCode() + " for " + url + ".");
		}
		return response.body();
	}

	private String proof(String method, String url, String accessToken) {
		ECPublicKey key = (ECPublicKey) this.dpop.getPublic();
		ObjectNode header = this.json.createObjectNode().put("typ", "dpop+jwt").put("alg", "ES256");
		header.putObject("jwk").put("kty", "EC").put("crv", "P-256")
			.put("x", B64URL.encodeToString(fixed(key.getW().getAffineX())))
			.put("y", B64URL.encodeToString(fixed(key.getW().getAffineY())));
		ObjectNode claims = this.json.createObjectNode()
			.put("jti", UUID.randomUUID().toString())
			.put("htm", method)
			// RFC 9449 section 4.2: the target URI without query and fragment
			.put("htu", url.replaceFirst("[?#].*$", ""))
			.put("iat", Instant.now().getEpochSecond());
		if (accessToken != null) {
			try {
				claims.put("ath", B64URL.encodeToString(MessageDigest.getInstance("SHA-256").digest(accessToken.getBytes(StandardCharsets.US_ASCII))));
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException(ex);
			}
		}
		return sign(header, claims, this.dpop.getPrivate(), null);
	}

	private String sign(ObjectNode header, ObjectNode claims, java.security.PrivateKey key, Provider provider) {
		return CardJws.sign(this.json, header, claims, key, provider);
	}

	static byte[] joseSignature(byte[] der) {
		return CardJws.joseSignature(der);
	}

	private static byte[] fixed(BigInteger value) {
		return CardJws.fixed(value);
	}

	private static String enc(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}


}
