package org.tsunagu.credentials.verifier;

import java.net.URI;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.nimbusds.jwt.JWTClaimsSet;
import org.tsunagu.organisation.Organisation;
import org.tsunagu.platform.ApiProblem;
import org.tsunagu.platform.PublicUrl;
import org.tsunagu.platform.StrictJson;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriUtils;

/**
 * Presentation requests of OpenID4VP 1.0 on behalf of a verifier organisation: the platform is the verifier service,
 * its client id {@code x509_san_dns:<host>} (the verifier key's certificate names the host, and the response URI is
 * on it), and the organisation is named in the request's client metadata. A request lives {@link #LIFETIME}; the
 * wallet fetches the signed request object by reference and answers once ({@link PresentationResponses}) with
 * {@code direct_post}, or encrypted with {@code direct_post.jwt}; the organisation reads the outcome by its
 * transaction id, which the wallet never sees.
 */
@Component
class PresentationRequests {

	static final Duration LIFETIME = Duration.ofMinutes(5);

	static final String PLAIN = "direct_post";

	static final String ENCRYPTED = "direct_post.jwt";

	private static final List<String> RESPONSE_MODES = List.of(PLAIN, ENCRYPTED);

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final JsonMapper JSON = StrictJson.mapper();

	private final JdbcClient jdbc;

	private final VerifierKey key;

	private final PublicUrl publicUrl;

	private final Clock clock;

	PresentationRequests(JdbcClient jdbc, VerifierKey key, PublicUrl publicUrl, Clock clock) {
		this.jdbc = jdbc;
		this.key = key;
		this.publicUrl = publicUrl;
		this.clock = clock;
	}

	String clientId() {
		return "x509_san_dns:" + URI.create(this.publicUrl.base()).getHost();
	}

	/**
	 * A new request: what the organisation shows the wallet (a QR code of the authorization request) and keeps.
	 * @param responseMode {@code direct_post}, or {@code direct_post.jwt} for an answer encrypted to a key made for
	 *     this request; {@code null} is {@code direct_post}
	 */
	Map<String, Object> create(Organisation verifier, Object dcql, Object responseMode) {
		List<DcqlQueries.Query> queries = DcqlQueries.parse(dcql);
		if (responseMode != null && !RESPONSE_MODES.contains(responseMode)) {
			throw ApiProblem.of(HttpStatus.BAD_REQUEST, "validation", "The request is not valid",
					"response_mode is direct_post or direct_post.jwt, or left out (direct_post).");
		}
		boolean encrypted = ENCRYPTED.equals(responseMode);
		Instant now = this.clock.instant();
		String id = random();
		String requestId = random();
		String kid = encrypted ? random() : null;
		this.jdbc.sql("""
				INSERT INTO presentation_request (id, request_id, state, organisation_id, nonce, dcql_query, status,
				  created_at, expires_at, response_mode, response_kid, response_key)
				VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?)""")
			.params(id, requestId, random(), verifier.id(), random(), JSON.writeValueAsString(DcqlQueries.toJson(queries)),
					Timestamp.from(now), Timestamp.from(now.plus(LIFETIME)), encrypted ? ENCRYPTED : PLAIN, kid,
					encrypted ? ResponseEncryption.newKey(kid).toJSONString() : null)
			.update();
		String requestUri = this.publicUrl.resolve("/presentations/requests/" + requestId);
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("transactionId", id);
		answer.put("clientId", clientId());
		answer.put("requestUri", requestUri);
		answer.put("authorizationRequest", "openid4vp://?client_id=" + UriUtils.encodeQueryParam(clientId(), "UTF-8")
				+ "&request_uri=" + UriUtils.encodeQueryParam(requestUri, "UTF-8"));
		answer.put("responseMode", encrypted ? ENCRYPTED : PLAIN);
		answer.put("expiresAt", now.plus(LIFETIME).toString());
		return answer;
	}

	/** A request as stored; {@code responseKey} is the private JWK of an encrypted one while it is pending. */
	record Pending(String id, String state, String nonce, String dcql, String status, Instant expires,
			String verifierName, String verifierNameJa, String verifierId, String responseMode, String responseKey) {

		boolean encrypted() {
			return ENCRYPTED.equals(this.responseMode);
		}

	}

	/** A request by one of its unique columns: {@code request_id}, {@code state} or {@code response_kid}. */
	Optional<Pending> find(String column, String value) {
		if (!List.of("request_id", "state", "response_kid").contains(column)) {
			throw new IllegalArgumentException("Not a unique column of a presentation request");
		}
		return this.jdbc.sql("""
				SELECT p.id, p.state, p.nonce, p.dcql_query, p.status, p.expires_at, o.name_en, o.name_ja, o.identifier,
				  p.response_mode, p.response_key
				FROM presentation_request p JOIN organisation o ON o.id = p.organisation_id WHERE p.""" + column + " = ?")
			.param(value)
			.query((rs, n) -> new Pending(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
					rs.getTimestamp(6).toInstant(), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
					rs.getString(11)))
			.optional();
	}

	/** The signed request object (RFC 9101, OpenID4VP section 5), for a pending request that has not expired. */
	Optional<String> requestObject(String requestId) {
		Instant now = this.clock.instant();
		return find("request_id", requestId).filter((p) -> "pending".equals(p.status()) && now.isBefore(p.expires())).map((p) -> {
			Map<String, Object> dcql = JSON.readValue(p.dcql(), new TypeReference<Map<String, Object>>() {
			});
			Map<String, Object> metadata = new LinkedHashMap<>();
			metadata.put("client_name", p.verifierName());
			metadata.put("client_name#ja", p.verifierNameJa());
			metadata.put("vp_formats_supported", Map.of("dc+sd-jwt",
					Map.of("sd-jwt_alg_values", List.of("ES256"), "kb-jwt_alg_values", List.of("ES256"))));
			if (p.encrypted()) {
				metadata.putAll(ResponseEncryption.metadata(p.responseKey()));
			}
			JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(clientId())
				.audience("https://self-issued.me/v2")
				.issueTime(Date.from(now))
				.expirationTime(Date.from(p.expires()))
				.claim("client_id", clientId())
				.claim("response_type", "vp_token")
				.claim("response_mode", p.responseMode())
				.claim("response_uri", this.publicUrl.resolve("/presentations/responses"))
				.claim("nonce", p.nonce())
				.claim("state", p.state())
				.claim("dcql_query", dcql)
				.claim("client_metadata", metadata)
				.build();
			return this.key.sign("oauth-authz-req+jwt", claims);
		});
	}

	/** The outcome for the organisation that asked, by its transaction id. */
	Optional<Map<String, Object>> outcome(Organisation verifier, String id) {
		return this.jdbc.sql("SELECT status, result, reason, expires_at FROM presentation_request WHERE id = ? AND organisation_id = ?")
			.params(id, verifier.id())
			.query((rs, n) -> {
				Map<String, Object> outcome = new LinkedHashMap<>();
				String status = rs.getString(1);
				boolean expired = "pending".equals(status) && !this.clock.instant().isBefore(rs.getTimestamp(4).toInstant());
				outcome.put("status", expired ? "expired" : status);
				if (rs.getString(2) != null) {
					outcome.putAll(JSON.readValue(rs.getString(2), new TypeReference<Map<String, Object>>() {
					}));
				}
				if (rs.getString(3) != null) {
					outcome.put("reason", rs.getString(3));
				}
				return outcome;
			})
			.optional();
	}

	private static String random() {
		byte[] value = new byte[24];
		RANDOM.nextBytes(value);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
	}

}
