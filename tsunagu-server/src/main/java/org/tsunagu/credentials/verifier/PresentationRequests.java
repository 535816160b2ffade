package org.tsunagu.credentials.verifier;

import java.net.URI;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.nimbusds.jwt.JWTClaimsSet;
import org.tsunagu.credentials.PresentationVerified;
import org.tsunagu.credentials.status.StatusLists;
import org.tsunagu.organisation.Organisation;
import org.tsunagu.platform.ApiProblem;
import org.tsunagu.platform.PublicUrl;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.util.UriUtils;

/**
 * Presentation requests of OpenID4VP 1.0 on behalf of a verifier organisation: the platform is the verifier service,
 * its client id {@code x509_san_dns:<host>} (the verifier key's certificate names the host, and the response URI is
 * on it), and the organisation is named in the request's client metadata. A request lives {@link #LIFETIME}; the
 * wallet fetches the signed request object by reference and answers once with {@code direct_post}; the organisation
 * reads the outcome by its transaction id, which the wallet never sees.
 */
@Component
class PresentationRequests {

	static final Duration LIFETIME = Duration.ofMinutes(5);

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final JdbcClient jdbc;

	private final VerifierKey key;

	private final PresentationChecks checks;

	private final StatusLists lists;

	private final PublicUrl publicUrl;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	PresentationRequests(JdbcClient jdbc, VerifierKey key, PresentationChecks checks, StatusLists lists, PublicUrl publicUrl,
			Clock clock, ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.key = key;
		this.checks = checks;
		this.lists = lists;
		this.publicUrl = publicUrl;
		this.clock = clock;
		this.events = events;
	}

	String clientId() {
		return "x509_san_dns:" + URI.create(this.publicUrl.base()).getHost();
	}

	/** A new request: what the organisation shows the wallet (a QR code of the authorization request) and keeps. */
	Map<String, Object> create(Organisation verifier, Object dcql) {
		List<DcqlQueries.Query> queries = DcqlQueries.parse(dcql);
		Instant now = this.clock.instant();
		String id = random();
		String requestId = random();
		this.jdbc.sql("""
				INSERT INTO presentation_request (id, request_id, state, organisation_id, nonce, dcql_query, status,
				  created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?)""")
			.params(id, requestId, random(), verifier.id(), random(), JSON.writeValueAsString(DcqlQueries.toJson(queries)),
					Timestamp.from(now), Timestamp.from(now.plus(LIFETIME)))
			.update();
		String requestUri = this.publicUrl.resolve("/presentations/requests/" + requestId);
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("transactionId", id);
		answer.put("clientId", clientId());
		answer.put("requestUri", requestUri);
		answer.put("authorizationRequest", "openid4vp://?client_id=" + UriUtils.encodeQueryParam(clientId(), "UTF-8")
				+ "&request_uri=" + UriUtils.encodeQueryParam(requestUri, "UTF-8"));
		answer.put("expiresAt", now.plus(LIFETIME).toString());
		return answer;
	}

	private record Pending(String id, String state, String nonce, String dcql, String status, Instant expires,
			String verifierName, String verifierNameJa, String verifierId) {
	}

	private Optional<Pending> find(String column, String value) {
		return this.jdbc.sql("""
				SELECT p.id, p.state, p.nonce, p.dcql_query, p.status, p.expires_at, o.name_en, o.name_ja, o.identifier
				FROM presentation_request p JOIN organisation o ON o.id = p.organisation_id WHERE p.""" + column + " = ?")
			.param(value)
			.query((rs, n) -> new Pending(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
					rs.getTimestamp(6).toInstant(), rs.getString(7), rs.getString(8), rs.getString(9)))
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
			JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(clientId())
				.audience("https://self-issued.me/v2")
				.issueTime(Date.from(now))
				.expirationTime(Date.from(p.expires()))
				.claim("client_id", clientId())
				.claim("response_type", "vp_token")
				.claim("response_mode", "direct_post")
				.claim("response_uri", this.publicUrl.resolve("/presentations/responses"))
				.claim("nonce", p.nonce())
				.claim("state", p.state())
				.claim("dcql_query", dcql)
				.claim("client_metadata", metadata)
				.build();
			return this.key.sign("oauth-authz-req+jwt", claims);
		});
	}

	/**
	 * The wallet's answer ({@code direct_post}): each credential query answered by one presentation, each checked;
	 * the result kept (only the asked-for claims) or the refusal's reason. A request is answered once.
	 */
	@Transactional(noRollbackFor = Rejected.class)
	void answer(String state, String vpToken) {
		Instant now = this.clock.instant();
		Pending pending = find("state", state == null ? "" : state)
			.filter((p) -> "pending".equals(p.status()) && now.isBefore(p.expires()))
			.orElseThrow(() -> ApiProblem.of(HttpStatus.BAD_REQUEST, "presentation-not-pending", "No such request",
					"The state names no pending presentation request: unknown, expired, or answered already.",
					Map.of("error", "invalid_request")));
		Map<String, Object> tokens;
		try {
			tokens = JSON.readValue(vpToken, new TypeReference<Map<String, Object>>() {
			});
		}
		catch (RuntimeException ex) {
			throw ApiProblem.of(HttpStatus.BAD_REQUEST, "validation", "The request is not valid",
					"vp_token is a JSON object of presentations by credential query id.", Map.of("error", "invalid_request"));
		}
		Map<String, Object> dcql = JSON.readValue(pending.dcql(), new TypeReference<Map<String, Object>>() {
		});
		List<DcqlQueries.Query> queries = DcqlQueries.parse(dcql);
		Map<String, Object> result = new LinkedHashMap<>();
		List<PresentationVerified> verified = new ArrayList<>();
		try {
			for (DcqlQueries.Query query : queries) {
				Object answer = tokens.get(query.id());
				if (answer instanceof List<?> list && list.size() == 1) {
					answer = list.get(0);
				}
				if (!(answer instanceof String presentation)) {
					throw new PresentationChecks.Refused("claims-missing", "Credential query " + query.id() + " is not answered.");
				}
				PresentationChecks.Verified v = this.checks.verify(presentation,
						new PresentationChecks.Expected(clientId(), pending.nonce(), query.claims(), now));
				if (!query.vctValues().contains(v.vct())) {
					throw new PresentationChecks.Refused("wrong-type", "A credential of another type was presented.");
				}
				result.put(query.id(), Map.of("issuer", v.issuer(), "vct", v.vct(), "claims", v.claims()));
				if (v.statusUri() != null) {
					this.lists.residentOf(v.statusUri(), v.statusIndex()).ifPresent((resident) -> verified.add(new PresentationVerified(
							resident, pending.verifierName(), pending.verifierId(), v.vct(), names(v.claims()), now)));
				}
			}
		}
		catch (PresentationChecks.Refused ex) {
			this.jdbc.sql("UPDATE presentation_request SET status = 'refused', reason = ?, answered_at = ? WHERE id = ? AND status = 'pending'")
				.params(ex.reason(), Timestamp.from(now), pending.id())
				.update();
			throw new Rejected(ex);
		}
		int updated = this.jdbc.sql("""
				UPDATE presentation_request SET status = 'verified', result = ?, answered_at = ? WHERE id = ? AND status = 'pending'""")
			.params(JSON.writeValueAsString(Map.of("credentials", result)), Timestamp.from(now), pending.id())
			.update();
		if (updated == 1) {
			verified.forEach(this.events::publishEvent);
		}
	}

	/** The wallet declined (an error response): a pending request ends refused with the wallet's error code. */
	void decline(String state, String error) {
		String reason = error.matches("[a-z_]{1,32}") ? "wallet:" + error : "wallet:error";
		int ended = this.jdbc.sql("""
				UPDATE presentation_request SET status = 'refused', reason = ?, answered_at = ?
				WHERE state = ? AND status = 'pending' AND expires_at > ?""")
			.params(reason, Timestamp.from(this.clock.instant()), state == null ? "" : state, Timestamp.from(this.clock.instant()))
			.update();
		if (ended != 1) {
			throw ApiProblem.of(HttpStatus.BAD_REQUEST, "presentation-not-pending", "No such request",
					"The state names no pending presentation request: unknown, expired, or answered already.",
					Map.of("error", "invalid_request"));
		}
	}

	/** A refused presentation, once its refusal is recorded (the transaction commits; the wallet gets a 400). */
	static final class Rejected extends RuntimeException {

		private final PresentationChecks.Refused refusal;

		Rejected(PresentationChecks.Refused refusal) {
			super(refusal.getMessage(), null, false, false);
			this.refusal = refusal;
		}

		PresentationChecks.Refused refusal() {
			return this.refusal;
		}

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

	@SuppressWarnings("unchecked")
	private static List<String> names(Map<String, Object> claims) {
		List<String> names = new ArrayList<>();
		claims.forEach((name, value) -> {
			if (value instanceof Map<?, ?> members) {
				names(((Map<String, Object>) members)).forEach((m) -> names.add(name + "." + m));
			}
			else {
				names.add(name);
			}
		});
		return names;
	}

	private static String random() {
		byte[] value = new byte[24];
		RANDOM.nextBytes(value);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
	}

}
