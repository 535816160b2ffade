package org.tsunagu.credentials.verifier;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.tsunagu.credentials.PresentationVerified;
import org.tsunagu.credentials.status.StatusLists;
import org.tsunagu.platform.ApiProblem;
import org.tsunagu.platform.StrictJson;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The wallet's answers to presentation requests (OpenID4VP 1.0 section 8.2): {@code direct_post} form parameters,
 * or for a request that asked for it, one JWE ({@code direct_post.jwt}, section 8.3) decrypted with the key made
 * for that request. Each credential query is answered by one presentation, each checked; the result keeps only the
 * asked-for claims, or the refusal's reason. A request is answered once, in the mode it asked for.
 */
@Component
class PresentationResponses {

	private static final JsonMapper JSON = StrictJson.mapper();

	private final JdbcClient jdbc;

	private final PresentationRequests requests;

	private final PresentationChecks checks;

	private final StatusLists lists;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	PresentationResponses(JdbcClient jdbc, PresentationRequests requests, PresentationChecks checks, StatusLists lists,
			Clock clock, ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.requests = requests;
		this.checks = checks;
		this.lists = lists;
		this.clock = clock;
		this.events = events;
	}

	/** A {@code direct_post.jwt} answer: the JWE's request found by its key id, decrypted, then taken as a plain one. */
	@Transactional(noRollbackFor = Rejected.class)
	void answerEncrypted(String jwe) {
		PresentationRequests.Pending pending;
		Map<String, Object> payload;
		try {
			pending = this.requests.find("response_kid", ResponseEncryption.kid(jwe))
				.filter((p) -> p.responseKey() != null && live(p))
				.orElseThrow(PresentationResponses::notPending);
			payload = ResponseEncryption.decrypt(jwe, pending.responseKey());
		}
		catch (ResponseEncryption.Unreadable ex) {
			throw ApiProblem.of(HttpStatus.BAD_REQUEST, "validation", "The response is not valid", ex.getMessage(),
					Map.of("error", "invalid_request"));
		}
		if (!pending.state().equals(payload.get("state"))) {
			throw ApiProblem.of(HttpStatus.BAD_REQUEST, "validation", "The response is not valid",
					"The encrypted response's state is not its request's.", Map.of("error", "invalid_request"));
		}
		Object vpToken = payload.get("vp_token");
		if (vpToken == null && payload.get("error") instanceof String error) {
			decline(pending.state(), error, true);
			return;
		}
		if (!(vpToken instanceof Map<?, ?>) && !(vpToken instanceof String)) {
			throw ApiProblem.of(HttpStatus.BAD_REQUEST, "validation", "The response is not valid",
					"The encrypted response carries vp_token, a JSON object of presentations by credential query id.",
					Map.of("error", "invalid_request"));
		}
		answer(pending.state(), vpToken instanceof String s ? s : JSON.writeValueAsString(vpToken), true);
	}

	/**
	 * A {@code direct_post} answer (or the decrypted one): each credential query answered by one presentation, each
	 * checked; the result kept (only the asked-for claims) or the refusal's reason.
	 */
	@Transactional(noRollbackFor = Rejected.class)
	void answer(String state, String vpToken, boolean encrypted) {
		Instant now = this.clock.instant();
		PresentationRequests.Pending pending = this.requests.find("state", state == null ? "" : state)
			.filter(this::live)
			.orElseThrow(PresentationResponses::notPending);
		mode(pending, encrypted);
		Map<String, Object> tokens;
		try {
			tokens = JSON.readValue(vpToken, new TypeReference<Map<String, Object>>() {
			});
		}
		catch (RuntimeException ex) {
			throw ApiProblem.of(HttpStatus.BAD_REQUEST, "validation", "The request is not valid",
					"vp_token is a JSON object of presentations by credential query id.", Map.of("error", "invalid_request"));
		}
		Map<String, Object> result = new LinkedHashMap<>();
		List<PresentationVerified> verified = new ArrayList<>();
		try {
			for (DcqlQueries.Query query : DcqlQueries.parse(JSON.readValue(pending.dcql(), Map.class))) {
				Object answer = tokens.get(query.id());
				if (answer instanceof List<?> list && list.size() == 1) {
					answer = list.get(0);
				}
				if (!(answer instanceof String presentation)) {
					throw new PresentationChecks.Refused("claims-missing", "Credential query " + query.id() + " is not answered.");
				}
				PresentationChecks.Verified v = this.checks.verify(presentation,
						new PresentationChecks.Expected(this.requests.clientId(), pending.nonce(), query.claims(), now));
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
			this.jdbc.sql("""
					UPDATE presentation_request SET status = 'refused', reason = ?, answered_at = ?, response_key = NULL
					WHERE id = ? AND status = 'pending'""")
				.params(ex.reason(), Timestamp.from(now), pending.id())
				.update();
			throw new Rejected(ex);
		}
		int updated = this.jdbc.sql("""
				UPDATE presentation_request SET status = 'verified', result = ?, answered_at = ?, response_key = NULL
				WHERE id = ? AND status = 'pending'""")
			.params(JSON.writeValueAsString(Map.of("credentials", result)), Timestamp.from(now), pending.id())
			.update();
		if (updated != 1) {
			// answered or ended meanwhile: this answer was not recorded, and the wallet must not think it was
			throw notPending();
		}
		verified.forEach(this.events::publishEvent);
	}

	/** The wallet declined (an error response): a pending request ends refused with the wallet's error code. */
	@Transactional
	void decline(String state, String error, boolean encrypted) {
		PresentationRequests.Pending pending = this.requests.find("state", state == null ? "" : state)
			.filter(this::live)
			.orElseThrow(PresentationResponses::notPending);
		mode(pending, encrypted);
		String reason = error.matches("[a-z_]{1,32}") ? "wallet:" + error : "wallet:error";
		int ended = this.jdbc.sql("""
				UPDATE presentation_request SET status = 'refused', reason = ?, answered_at = ?, response_key = NULL
				WHERE id = ? AND status = 'pending'""")
			.params(reason, Timestamp.from(this.clock.instant()), pending.id())
			.update();
		if (ended != 1) {
			throw notPending();
		}
	}

	private boolean live(PresentationRequests.Pending p) {
		return "pending".equals(p.status()) && this.clock.instant().isBefore(p.expires());
	}

	/** An answer comes in the mode the request asked for: a plain one to an encrypted request is not taken. */
	private static void mode(PresentationRequests.Pending pending, boolean encrypted) {
		if (pending.encrypted() != encrypted) {
			throw ApiProblem.of(HttpStatus.BAD_REQUEST, "validation", "The response is not valid",
					"This request asked for response_mode " + pending.responseMode() + "; answer in that mode.",
					Map.of("error", "invalid_request"));
		}
	}

	private static ApiProblem notPending() {
		return ApiProblem.of(HttpStatus.BAD_REQUEST, "presentation-not-pending", "No such request",
				"The state names no pending presentation request: unknown, expired, or answered already.",
				Map.of("error", "invalid_request"));
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

}
