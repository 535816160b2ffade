package org.tsunagu.wallet.credentials;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * A DPoP key made for one session with an issuer, and requests sent with a fresh proof of it: the access token is
 * bound to this key, so that a token that leaks is of no use without it. When a server asks for a nonce
 * ({@code use_dpop_nonce}) the request is sent once more with it, and the nonce kept for that server's next proofs.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9449#section-4">RFC 9449 section 4 (proofs) and 8 (nonces)</a>
 */
final class DpopKey {

	private final ECKey key;

	private final Clock clock;

	/** The last nonce each server (by origin) gave. */
	private final Map<String, String> nonces = new HashMap<>();

	DpopKey(Clock clock) {
		this.clock = clock;
		try {
			this.key = new ECKeyGenerator(Curve.P_256).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Sends a POST with a proof (and the token, when given); once more with the server's nonce when it asks for one.
	 * @param request the request without its DPoP and Authorization headers
	 */
	HttpResponse<String> post(Wire wire, String url, String accessToken, UnaryOperator<HttpRequest.Builder> request) {
		HttpResponse<String> response = wire.send(withProof(request.apply(HttpRequest.newBuilder(Wire.checked("The endpoint", url))), url, accessToken));
		remember(url, response);
		if (asksForNonce(response)) {
			response = wire.send(withProof(request.apply(HttpRequest.newBuilder(URI.create(url))), url, accessToken));
			remember(url, response);
		}
		return response;
	}

	private HttpRequest.Builder withProof(HttpRequest.Builder request, String url, String accessToken) {
		if (accessToken != null) {
			request.header("Authorization", "DPoP " + accessToken);
		}
		return request.header("DPoP", proof("POST", url, accessToken));
	}

	/** A proof for one request: {@code htu} without query and fragment, {@code ath} when a token goes with it. */
	String proof(String method, String url, String accessToken) {
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString())
			.claim("htm", method)
			.claim("htu", url.replaceFirst("[?#].*$", ""))
			.issueTime(Date.from(this.clock.instant()));
		if (accessToken != null) {
			claims.claim("ath", sha256(accessToken));
		}
		String nonce = this.nonces.get(origin(url));
		if (nonce != null) {
			claims.claim("nonce", nonce);
		}
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("dpop+jwt"))
			.jwk(this.key.toPublicJWK())
			.build(), claims.build());
		try {
			jwt.sign(new ECDSASigner(this.key));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("The DPoP key cannot sign", ex);
		}
		return jwt.serialize();
	}

	private void remember(String url, HttpResponse<String> response) {
		response.headers().firstValue("DPoP-Nonce").ifPresent((nonce) -> this.nonces.put(origin(url), nonce));
	}

	/**
	 * Whether the server refused for want of a nonce: an authorization server says so in the body (400), a resource
	 * server in {@code WWW-Authenticate} (401); either gives the nonce in {@code DPoP-Nonce}.
	 */
	private static boolean asksForNonce(HttpResponse<String> response) {
		if (response.headers().firstValue("DPoP-Nonce").isEmpty()) {
			return false;
		}
		return (response.statusCode() == 400 && "use_dpop_nonce".equals(error(response.body())))
				|| (response.statusCode() == 401 && response.headers().allValues("WWW-Authenticate").stream()
					.anyMatch((h) -> h.contains("use_dpop_nonce")));
	}

	private static String error(String body) {
		try {
			return Wire.JSON.readTree(body == null ? "" : body).path("error").asString(null);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private static String origin(String url) {
		URI uri = URI.create(url);
		return uri.getScheme() + "://" + uri.getRawAuthority();
	}

	static String sha256(String text) {
		try {
			return Base64.getUrlEncoder().withoutPadding()
				.encodeToString(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
