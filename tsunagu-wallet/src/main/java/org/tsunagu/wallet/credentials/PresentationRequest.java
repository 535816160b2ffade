package org.tsunagu.wallet.credentials;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.text.ParseException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.tsunagu.wallet.WalletException;
import tools.jackson.databind.JsonNode;

/**
 * A verifier's request, from its signed request object, once every check holds: signed (ES256, type
 * {@code oauth-authz-req+jwt}) by the leaf of its {@code x5c}, whose chain leads to a CA the card trusts; the client
 * id {@code x509_san_dns:NAME}, the same as in the link, with NAME a DNS name of that certificate and the host of
 * the response URI; {@code vp_token} by {@code direct_post}, or {@code direct_post.jwt} to a key the request names;
 * not expired; a nonce; a DCQL query.
 *
 * @param dnsName the verifier's DNS name, proved by its certificate
 * @param verifierName the name the verifier gives in its client metadata, or the DNS name
 * @param encryption how to encrypt the answer ({@code direct_post.jwt}), or {@code null} for {@code direct_post}
 * @see <a href="https://openid.net/specs/openid-4-verifiable-presentations-1_0.html#section-5.9.3">OpenID4VP 1.0 section 5.9.3</a>
 */
record PresentationRequest(String clientId, String dnsName, String verifierName, String nonce, String state,
		String responseUri, DcqlQuery query, ResponseEncryption encryption) {

	static final String PREFIX = "x509_san_dns:";

	static final String MEDIA_TYPE = "application/oauth-authz-req+jwt";

	static final String SELF_ISSUED = "https://self-issued.me/v2";

	/** Where the request object is, and the client id the link names (or {@code null} for a bare request_uri). */
	record Reference(String clientId, String requestUri) {

		/** An {@code openid4vp://?client_id=...&request_uri=...} link, or the request_uri alone. */
		static Reference parse(String link) {
			String text = link == null ? "" : link.strip();
			if (text.startsWith("https://") || text.startsWith("http://")) {
				return new Reference(null, Wire.checked("The request_uri", text).toString());
			}
			Map<String, String> query = Wire.query(text, "That is not a presentation request");
			if (query.containsKey("request") || !query.containsKey("request_uri") || !query.containsKey("client_id")) {
				throw new WalletException("That is not a presentation request this wallet answers: an openid4vp:// link "
						+ "with client_id and request_uri (a signed request object by reference).");
			}
			if (query.containsKey("request_uri_method") && !"get".equals(query.get("request_uri_method"))) {
				throw new WalletException("The request asks to be fetched with POST, which this wallet does not do.");
			}
			return new Reference(query.get("client_id"), Wire.checked("The request_uri", query.get("request_uri")).toString());
		}

	}

	/** The request in {@code requestObject}, every check holding, or the first that fails as the message. */
	static PresentationRequest verify(String requestObject, Reference reference, List<X509Certificate> anchors, Instant now) {
		SignedJWT jwt;
		JWTClaimsSet set;
		Map<String, Object> claims;
		try {
			jwt = SignedJWT.parse(requestObject.strip());
			set = jwt.getJWTClaimsSet();
			claims = set.getClaims();
		}
		catch (ParseException ex) {
			throw new WalletException("The request object is not a signed JWT.");
		}
		if (jwt.getHeader().getType() == null || !"oauth-authz-req+jwt".equals(jwt.getHeader().getType().getType())
				|| !JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm())) {
			throw new WalletException("The request object is not an ES256 JWT of type oauth-authz-req+jwt.");
		}
		List<X509Certificate> chain = X509Chains.ordered(jwt.getHeader().getX509CertChain(), now, "The request object");
		try {
			if (!jwt.verify(new ECDSAVerifier((ECPublicKey) chain.get(0).getPublicKey()))) {
				throw new WalletException("The request object's signature does not verify: it was changed, or forged.");
			}
		}
		catch (JOSEException | ClassCastException ex) {
			throw new WalletException("The request object's signature does not verify: it was changed, or forged.");
		}
		X509Chains.anchored(chain, anchors, now, "The verifier's certificate");
		String clientId = text(claims, "client_id");
		if (clientId == null || !clientId.startsWith(PREFIX) || (reference.clientId() != null && !clientId.equals(reference.clientId()))) {
			throw new WalletException("The request's client_id is not the link's, or not an x509_san_dns client id.");
		}
		String name = clientId.substring(PREFIX.length());
		if (X509Chains.dnsNames(chain.get(0)).stream().noneMatch(name::equalsIgnoreCase)) {
			throw new WalletException("The verifier's certificate does not name " + Wire.shorten(name) + ", its client id.");
		}
		String responseUri = text(claims, "response_uri");
		if (responseUri == null || !name.equalsIgnoreCase(Wire.checked("The response_uri", responseUri).getHost())) {
			throw new WalletException("The request's response_uri is not on " + Wire.shorten(name) + ", the verifier's name.");
		}
		Object mode = claims.get("response_mode");
		if (!"vp_token".equals(claims.get("response_type")) || !("direct_post".equals(mode) || "direct_post.jwt".equals(mode))) {
			throw new WalletException("The request does not ask for a vp_token by direct_post or direct_post.jwt, the only answers this wallet gives.");
		}
		if (set.getExpirationTime() != null && !set.getExpirationTime().toInstant().isAfter(now)) {
			throw new WalletException("The request has expired; ask the verifier for a new one.");
		}
		// section 5.8: a request for a wallet whose metadata the verifier knows statically is for "self-issued me"
		if (set.getAudience() != null && !set.getAudience().isEmpty() && !set.getAudience().contains(SELF_ISSUED)) {
			throw new WalletException("The request object is addressed to another party (aud).");
		}
		String nonce = text(claims, "nonce");
		if (nonce == null || nonce.isEmpty()) {
			throw new WalletException("The request has no nonce.");
		}
		JsonNode all = Wire.object("The request object", jwt.getPayload().toString());
		String verifier = all.path("client_metadata").path("client_name").asString(name);
		ResponseEncryption encryption = "direct_post.jwt".equals(mode) ? ResponseEncryption.of(all.path("client_metadata")) : null;
		return new PresentationRequest(clientId, name, Wire.shorten(verifier), nonce, text(claims, "state"),
				URI.create(responseUri).toString(), DcqlQuery.parse(all.path("dcql_query")), encryption);
	}

	private static String text(Map<String, Object> claims, String name) {
		return claims.get(name) instanceof String value ? value : null;
	}

}
