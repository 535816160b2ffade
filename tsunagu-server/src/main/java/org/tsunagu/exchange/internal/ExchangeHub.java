package org.tsunagu.exchange.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tsunagu.organisation.Organisation;
import org.tsunagu.organisation.Organisations;
import org.tsunagu.platform.ApiProblem;
import org.tsunagu.platform.PublicUrl;
import org.tsunagu.platform.Violations;
import org.tsunagu.transparency.AccessLog;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The exchange. A requesting agency signs its request; the hub checks the signature against the agency's
 * registered keys, translates the agency's code for the person, checks the legal-basis table, signs a request to
 * the providing agency with the provider's own code for the person, checks the provider's signed answer, and
 * answers the requester with a result the hub signs over the provider's data and the hash of the provider's
 * signed answer, so that the requester never sees the provider's code. Every message is stored as signed; the
 * hashes go into the transparency log in the same transaction as the outcome. A request id already answered
 * answers the first result again; one that was refused or failed may be retried; one reused for another request is
 * refused.
 */
@Service
public class ExchangeHub {

	static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

	static final String HUB = "Tsunagu exchange hub";

	private static final Logger log = LoggerFactory.getLogger(ExchangeHub.class);

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final Organisations organisations;

	private final boolean postgres;

	private final io.micrometer.core.instrument.MeterRegistry meters;

	private final AgencyCodes codes;

	private final ExchangeRules rules;

	private final SignedMessages messages;

	private final ProviderCalls providers;

	private final AccessLog accessLog;

	private final PublicUrl publicUrl;

	private final Clock clock;

	ExchangeHub(JdbcClient jdbc, TransactionTemplate transactions, Organisations organisations,
			AgencyCodes codes, ExchangeRules rules, SignedMessages messages, ProviderCalls providers, AccessLog accessLog,
			PublicUrl publicUrl, Clock clock, @org.springframework.beans.factory.annotation.Value("${spring.datasource.url:}") String databaseUrl,
			io.micrometer.core.instrument.MeterRegistry meters) {
		this.meters = meters;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.organisations = organisations;
		this.postgres = databaseUrl.startsWith("jdbc:postgresql:");
		this.codes = codes;
		this.rules = rules;
		this.messages = messages;
		this.providers = providers;
		this.accessLog = accessLog;
		this.publicUrl = publicUrl;
		this.clock = clock;
	}

	/** What the requester gets: the hub's signed result, and where its log entry is once integrated. */
	public record Result(String requestId, String outcome, String failure, int attempts, String response, Long logIndex) {
	}

	private record Request(String requestId, String subject, UUID provider, String item, String purpose) {
	}

	private record Stored(UUID id, byte[] bodyHash, String outcome, String resultJws, String logEventKey, int attempts,
			String failure) {
	}

	/** The hub's published keys. */
	public Map<String, Object> keys() {
		return this.messages.keys();
	}

	public Result exchange(Organisation requester, String compact) {
		Request request = parse(requester, compact);
		AgencyCodes.Translation translation = this.codes.translate(requester.id(), request.subject(), request.provider())
			.orElseThrow(() -> ApiProblem.of(HttpStatus.NOT_FOUND, "unknown-subject", "Unknown code",
					"The subject is not a code the hub gave this agency. Link the person first (POST /api/v1/exchange/codes)."));
		UUID resident = translation.residentId();
		Organisation provider = this.organisations.find(request.provider())
			.filter((o) -> "agency".equals(o.kind()) && o.endpoint() != null && !o.id().equals(requester.id()))
			.orElseThrow(() -> ApiProblem.of(HttpStatus.NOT_FOUND, "unknown-provider", "Unknown provider",
					"The provider is not another registered agency."));
		byte[] bodyHash = bodyHash(request);
		Stored stored = claim(requester, request, resident, bodyHash, compact);
		if ("answered".equals(stored.outcome())) {
			return result(request.requestId(), stored);
		}
		try {
			return relay(requester, provider, request, translation, stored, compact);
		}
		catch (ApiProblem problem) {
			throw problem;
		}
		catch (RuntimeException ex) {
			// the attempt must not stay pending: recorded as failed, so that the same request id can be retried
			log.error("Exchange {} failed in the hub: {}", stored.id(), org.tsunagu.platform.Failures.describe(ex));
			String eventKey = "exchange:" + stored.id() + ":" + stored.attempts();
			finish(stored.id(), stored.attempts(), "failed", "hub-error", null, compact, null, null, null, eventKey,
					new AccessLog.Entry(eventKey, HUB, "exchange-hub", translation.residentId(), requester.name().en()
							+ " asked " + provider.name().en() + " for " + request.item() + ": not given (hub-error)",
							request.purpose(), this.clock.instant(), Map.of("request", SignedMessages.hash(compact))));
			throw ApiProblem.of(HttpStatus.INTERNAL_SERVER_ERROR, "hub-error", "The hub could not complete the exchange",
					"Nothing was given. The attempt is recorded and the same request id may be sent again.");
		}
	}

	private Result relay(Organisation requester, Organisation provider, Request request,
			AgencyCodes.Translation translation, Stored stored, String compact) {
		UUID resident = translation.residentId();
		int attempt = stored.attempts();
		String eventKey = "exchange:" + stored.id() + ":" + attempt;
		String requestHash = SignedMessages.hash(compact);

		Optional<ExchangeRules.Rule> rule = this.rules.current(requester.id(), provider.id(), request.item(), request.purpose());
		if (rule.isEmpty()) {
			finish(stored.id(), attempt, "refused", "no-rule", null, compact, null, null, null, eventKey, new AccessLog.Entry(eventKey, HUB,
					"exchange-hub", resident, requester.name().en() + " asked " + provider.name().en() + " for "
							+ request.item() + ": refused, no rule of law allows it",
					request.purpose(), this.clock.instant(), Map.of("request", requestHash)));
			Map<String, Object> missing = new LinkedHashMap<>();
			missing.put("requester", requester.id().toString());
			missing.put("provider", provider.id().toString());
			missing.put("item", request.item());
			missing.put("purpose", request.purpose());
			missing.put("on", this.rules.today().toString());
			throw ApiProblem.of(HttpStatus.FORBIDDEN, "no-legal-basis", "No legal basis",
					"No current rule lets " + requester.identifier() + " receive " + request.item() + " from "
							+ provider.identifier() + " for " + request.purpose() + ". The refusal is recorded.",
					Map.of("missingRule", missing));
		}
		String why = request.purpose() + " under " + rule.get().provision();
		Optional<String> providerCode = Optional.ofNullable(translation.providerCode());
		if (providerCode.isEmpty()) {
			finish(stored.id(), attempt, "refused", "unknown-to-provider", rule.get().id(), compact, null, null, null, eventKey,
					new AccessLog.Entry(eventKey, HUB, "exchange-hub", resident, requester.name().en() + " asked "
							+ provider.name().en() + " for " + request.item() + ": not relayed, the provider holds no record",
							why, this.clock.instant(), Map.of("request", requestHash)));
			throw ApiProblem.of(HttpStatus.UNPROCESSABLE_ENTITY, "unknown-to-provider", "Not known to the provider",
					"The provider has never linked this person, so it holds no record to give. The attempt is recorded.");
		}

		ObjectNode relayed = this.messages.object();
		relayed.put("iss", this.publicUrl.base());
		relayed.put("aud", provider.id().toString());
		relayed.put("requestId", stored.id().toString());
		relayed.put("subject", providerCode.get());
		relayed.put("item", request.item());
		relayed.put("purpose", request.purpose());
		relayed.put("provision", rule.get().provision());
		relayed.put("requester", requester.id().toString());
		relayed.put("iat", this.clock.instant().getEpochSecond());
		String hubRequest = this.messages.sign(SignedMessages.REQUEST, relayed);
		String relayedHash = SignedMessages.hash(hubRequest);

		long started = System.nanoTime();
		ProviderCalls.Answer answer = this.providers.post(provider.endpoint(), hubRequest);
		io.micrometer.core.instrument.Timer.builder("tsunagu.exchange.provider")
			.description("The providing agency's answer, from the hub's request to its last byte")
			.tag("provider", provider.identifier())
			.publishPercentileHistogram()
			.register(this.meters)
			.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
		String failure = answer.failure();
		JsonNode data = null;
		if (failure == null) {
			try {
				data = checkAnswer(provider, answer, stored.id().toString(), providerCode.get(), request.item());
			}
			catch (SignedMessages.Rejected ex) {
				failure = "provider-answer-invalid";
				log.warn("Exchange {}: the provider's answer was refused: {}", stored.id(), ex.getMessage());
			}
		}
		if (failure != null) {
			String storedAnswer = answer.body() != null && answer.body().length() <= 300_000
					&& answer.body().chars().allMatch((c) -> c >= 0x20 && c < 0x7f) ? answer.body() : null;
			Map<String, String> evidence = new LinkedHashMap<>();
			evidence.put("request", requestHash);
			evidence.put("relayed", relayedHash);
			if (answer.body() != null) {
				// what the provider sent, refused: its hash, and the text itself when it is short printable text
				evidence.put("answer", SignedMessages.hash(answer.body()));
			}
			finish(stored.id(), attempt, "failed", failure, rule.get().id(), compact, hubRequest, storedAnswer, null, eventKey,
					new AccessLog.Entry(eventKey, HUB, "exchange-hub", resident, requester.name().en() + " asked "
							+ provider.name().en() + " for " + request.item() + ": not given (" + failure + ")", why,
							this.clock.instant(), evidence));
			throw failed(failure);
		}
		String answerHash = SignedMessages.hash(answer.body());
		ObjectNode payload = this.messages.object();
		payload.put("iss", this.publicUrl.base());
		payload.put("aud", requester.id().toString());
		payload.put("requestId", request.requestId());
		payload.put("subject", request.subject());
		payload.put("provider", provider.id().toString());
		payload.put("item", request.item());
		payload.put("purpose", request.purpose());
		payload.put("provision", rule.get().provision());
		payload.set("data", data);
		payload.put("providerAnswer", answerHash);
		payload.put("iat", this.clock.instant().getEpochSecond());
		String result = this.messages.sign(SignedMessages.RESULT, payload);
		finish(stored.id(), attempt, "answered", null, rule.get().id(), compact, hubRequest, answer.body(), result, eventKey,
				new AccessLog.Entry(eventKey, provider.name().en(), provider.identifier(), resident,
						request.item() + " given to " + requester.name().en() + " (" + requester.identifier() + ")", why,
						this.clock.instant(), Map.of("request", requestHash, "relayed", relayedHash, "answer", answerHash)));
		// the integrator places the entry within a second: the first answer does not wait for it
		return new Result(request.requestId(), "answered", null, attempt, result, null);
	}

	/** A request the requester made, as the hub keeps it. */
	public Optional<Result> find(Organisation requester, String requestId) {
		if (requestId == null || !REQUEST_ID.matcher(requestId).matches()) {
			return Optional.empty();
		}
		return stored(requester.id(), requestId).map((s) -> result(requestId, s));
	}

	private Result result(String requestId, Stored stored) {
		Long index = stored.logEventKey() == null ? null : this.accessLog.leafIndex(stored.logEventKey()).orElse(null);
		return new Result(requestId, stored.outcome(), stored.failure(), stored.attempts(), stored.resultJws(), index);
	}

	private static ApiProblem failed(String failure) {
		return switch ("provider-answer-too-large".equals(failure) ? "provider-answer-invalid" : failure) {
			case "provider-timeout" -> ApiProblem.of(HttpStatus.GATEWAY_TIMEOUT, failure, "The provider did not answer in time",
					"The providing agency did not answer in time. Nothing was given; the attempt is recorded and the same "
							+ "request id may be sent again.");
			case "provider-unreachable" -> ApiProblem.of(HttpStatus.BAD_GATEWAY, failure, "The provider is unreachable",
					"The providing agency's endpoint could not be reached. The attempt is recorded and may be retried.");
			default -> ApiProblem.of(HttpStatus.BAD_GATEWAY, "provider-answer-invalid", "The provider's answer was not accepted",
					"The providing agency's answer was not a valid signed answer to this request, so nothing of it is "
							+ "passed on. The attempt is recorded and may be retried.");
		};
	}

	private JsonNode checkAnswer(Organisation provider, ProviderCalls.Answer answer, String requestId, String subject,
			String item) throws SignedMessages.Rejected {
		if (answer.status() != 200) {
			throw new SignedMessages.Rejected("The provider answered HTTP " + answer.status() + ".");
		}
		if (!answer.contentType().toLowerCase(java.util.Locale.ROOT).startsWith("application/jose")) {
			throw new SignedMessages.Rejected("The provider's answer is not application/jose.");
		}
		JsonNode payload = this.messages.verify(answer.body().trim(), provider.clientId(), SignedMessages.RESPONSE);
		if (!requestId.equals(payload.path("requestId").asString(null))) {
			throw new SignedMessages.Rejected("The answer is for another request.");
		}
		if (!subject.equals(payload.path("subject").asString(null))) {
			throw new SignedMessages.Rejected("The answer is about another person.");
		}
		if (!item.equals(payload.path("item").asString(null))) {
			throw new SignedMessages.Rejected("The answer gives another item.");
		}
		JsonNode data = payload.get("data");
		if (data == null || !data.isObject()) {
			throw new SignedMessages.Rejected("The answer's data is not a JSON object.");
		}
		return data;
	}

	private Request parse(Organisation requester, String compact) {
		JsonNode payload;
		try {
			payload = this.messages.verify(compact == null ? "" : compact.trim(), requester.clientId(), SignedMessages.REQUEST);
		}
		catch (SignedMessages.Rejected ex) {
			throw ApiProblem.of(HttpStatus.BAD_REQUEST, "request-signature-invalid", "The request is not signed as it must be",
					"The body is a compact JWS (typ " + SignedMessages.REQUEST + ") signed by one of this agency's registered "
							+ "keys. " + ex.getMessage() + " Nothing was relayed.");
		}
		Violations v = new Violations();
		java.util.Set<String> known = java.util.Set.of("requestId", "subject", "provider", "item", "purpose", "iat");
		payload.propertyNames().forEach((name) -> {
			if (!known.contains(name)) {
				v.add("/" + name, "Not a member of an exchange request (requestId, subject, provider, item, purpose, iat).");
			}
		});
		String requestId = text(payload, "requestId");
		if (requestId == null || !REQUEST_ID.matcher(requestId).matches()) {
			v.add("/requestId", "1 to 100 letters, digits, dots, colons, underscores and hyphens, unique per request.");
		}
		String subject = text(payload, "subject");
		if (subject == null || !AgencyCodes.CODE.matcher(subject).matches()) {
			v.add("/subject", "The agency's code for the person, as the hub gave it (ac_ and 43 characters).");
		}
		UUID provider = null;
		try {
			provider = UUID.fromString(text(payload, "provider"));
		}
		catch (RuntimeException ex) {
			v.add("/provider", "The providing agency's organisation id.");
		}
		ExchangeRules.name(text(payload, "item"), "/item", v);
		ExchangeRules.name(text(payload, "purpose"), "/purpose", v);
		JsonNode iat = payload.get("iat");
		if (iat != null) {
			long age = this.clock.instant().getEpochSecond() - iat.asLong(Long.MIN_VALUE / 2);
			if (!iat.isIntegralNumber() || age > 300 || age < -60) {
				v.add("/iat", "When given, the time the request was signed, in seconds since 1970, within the last five minutes.");
			}
		}
		v.throwIfAny();
		return new Request(requestId, subject, provider, text(payload, "item"), text(payload, "purpose"));
	}

	private static String text(JsonNode payload, String name) {
		JsonNode value = payload.get(name);
		return value != null && value.isString() ? value.asString() : null;
	}

	private static byte[] bodyHash(Request request) {
		try {
			MessageDigest sha = MessageDigest.getInstance("SHA-256");
			for (String part : new String[] { request.subject(), request.provider().toString(), request.item(),
					request.purpose() }) {
				sha.update(part.getBytes(StandardCharsets.UTF_8));
				sha.update((byte) 0);
			}
			return sha.digest();
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The stored request this call works on: a new one, or a refused or failed one taken up again; an answered one
	 * as it is; a pending one or one with another body refused.
	 */
	private Stored claim(Organisation requester, Request request, UUID resident, byte[] bodyHash, String compact) {
		Instant now = this.clock.instant();
		UUID id = UUID.randomUUID();
		try {
			this.transactions.executeWithoutResult((tx) -> {
				if (this.postgres) {
					// the pending row only keeps a concurrent duplicate out: nothing was answered yet, so if a crash
					// loses it the requester's retry is simply the first attempt; its commit need not wait for the disk
					this.jdbc.sql("SET LOCAL synchronous_commit = off").update();
				}
				this.jdbc.sql("""
						INSERT INTO exchange_request (id, requester_id, request_id, body_hash, resident_id, provider_id, item,
						  purpose, outcome, attempts, created_at, attempted_at)
						VALUES (:id, :requester, :requestId, :hash, :resident, :provider, :item, :purpose, 'pending', 1, :now,
						  :now)""")
					.param("id", id)
					.param("requester", requester.id())
					.param("requestId", request.requestId())
					.param("hash", bodyHash)
					.param("resident", resident)
					.param("provider", request.provider())
					.param("item", request.item())
					.param("purpose", request.purpose())
					.param("now", now.atOffset(ZoneOffset.UTC))
					.update();
			});
			return new Stored(id, bodyHash, "pending", null, null, 1, null);
		}
		catch (DuplicateKeyException ex) {
			// this request id was used before
		}
		Stored stored = stored(requester.id(), request.requestId()).orElseThrow();
		if (!Arrays.equals(stored.bodyHash(), bodyHash)) {
			throw ApiProblem.of(HttpStatus.CONFLICT, "request-id-reused", "Request id used for another request",
					"This request id was used for a different request. A retry repeats the same request; a new request needs "
							+ "a new id. Nothing was relayed.");
		}
		if ("answered".equals(stored.outcome())) {
			return stored;
		}
		int taken = this.jdbc.sql("""
				UPDATE exchange_request SET outcome = 'pending', attempts = attempts + 1, failure = NULL, attempted_at = :now
				WHERE id = :id AND outcome IN ('refused', 'failed') AND attempts = :attempts""")
			.param("now", now.atOffset(ZoneOffset.UTC))
			.param("id", stored.id())
			.param("attempts", stored.attempts())
			.update();
		if (taken == 0) {
			throw ApiProblem.of(HttpStatus.CONFLICT, "request-in-progress", "Request in progress",
					"A request with this id is being relayed now; send it again once that one has its answer.");
		}
		return new Stored(stored.id(), bodyHash, "pending", null, null, stored.attempts() + 1, null);
	}

	/**
	 * Attempts left pending by a node that stopped mid-relay (its provider call has long timed out): recorded as
	 * failed ({@code abandoned}) and logged for the person, so that the request id can be retried. The provider may
	 * have been asked; the entry says so.
	 */
	@org.springframework.scheduling.annotation.Scheduled(initialDelay = 60_000, fixedDelay = 60_000)
	public int sweepAbandoned() {
		Instant now = this.clock.instant();
		record Pending(UUID id, int attempts, UUID resident, UUID requester, UUID provider, String item, String purpose) {
		}
		List<Pending> pending = this.jdbc.sql("""
				SELECT id, attempts, resident_id, requester_id, provider_id, item, purpose FROM exchange_request
				WHERE outcome = 'pending' AND attempted_at < :before""")
			.param("before", now.minus(this.providers.timeout()).minusSeconds(60).atOffset(ZoneOffset.UTC))
			.query((rs, n) -> new Pending(rs.getObject(1, UUID.class), rs.getInt(2), rs.getObject(3, UUID.class),
					rs.getObject(4, UUID.class), rs.getObject(5, UUID.class), rs.getString(6), rs.getString(7)))
			.list();
		int swept = 0;
		for (Pending p : pending) {
			String eventKey = "exchange:" + p.id() + ":" + p.attempts();
			String requester = this.organisations.find(p.requester()).map((o) -> o.name().en()).orElse("an agency");
			String provider = this.organisations.find(p.provider()).map((o) -> o.name().en()).orElse("an agency");
			Boolean done = this.transactions.execute((tx) -> {
				int updated = this.jdbc.sql("""
						UPDATE exchange_request SET outcome = 'failed', failure = 'abandoned', log_event_key = :key,
						  completed_at = :now
						WHERE id = :id AND outcome = 'pending' AND attempts = :attempts""")
					.param("key", eventKey)
					.param("now", now.atOffset(ZoneOffset.UTC))
					.param("id", p.id())
					.param("attempts", p.attempts())
					.update();
				if (updated == 1) {
					this.accessLog.append(new AccessLog.Entry(eventKey, HUB, "exchange-hub", p.resident(), requester + " asked "
							+ provider + " for " + p.item() + ": not given (abandoned: the hub stopped before recording "
							+ "an answer; the provider may have been asked)", p.purpose(), now, Map.of()));
				}
				return updated == 1;
			});
			swept += Boolean.TRUE.equals(done) ? 1 : 0;
		}
		return swept;
	}

	private Optional<Stored> stored(UUID requester, String requestId) {
		return this.jdbc.sql("""
				SELECT id, body_hash, outcome, result_jws, log_event_key, attempts, failure FROM exchange_request
				WHERE requester_id = :requester AND request_id = :requestId""")
			.param("requester", requester)
			.param("requestId", requestId)
			.query((rs, n) -> new Stored(rs.getObject(1, UUID.class), rs.getBytes(2), rs.getString(3), rs.getString(4),
					rs.getString(5), rs.getInt(6), rs.getString(7)))
			.optional();
	}

	/** The attempt's outcome, its messages as signed, and its log entry, in one transaction. */
	private void finish(UUID id, int attempt, String outcome, String failure, UUID rule, String request, String hubRequest,
			String answer, String result, String eventKey, AccessLog.Entry entry) {
		this.transactions.executeWithoutResult((tx) -> {
			java.time.OffsetDateTime now = this.clock.instant().atOffset(ZoneOffset.UTC);
			this.jdbc.sql("""
					UPDATE exchange_request SET outcome = :outcome, failure = :failure, rule_id = :rule, result_jws = :result,
					  log_event_key = :key, completed_at = :now
					WHERE id = :id""")
				.param("outcome", outcome)
				.param("failure", failure)
				.param("rule", rule)
				.param("result", result)
				.param("key", eventKey)
				.param("now", now)
				.param("id", id)
				.update();
			this.jdbc.sql("""
					INSERT INTO exchange_attempt (exchange_id, attempt, outcome, failure, request_jws, hub_request_jws,
					  response_jws, log_event_key, completed_at)
					VALUES (:id, :attempt, :outcome, :failure, :request, :hubRequest, :answer, :key, :now)""")
				.param("id", id)
				.param("attempt", attempt)
				.param("outcome", outcome)
				.param("failure", failure)
				.param("request", request)
				.param("hubRequest", hubRequest)
				.param("answer", answer)
				.param("key", eventKey)
				.param("now", now)
				.update();
			this.accessLog.append(entry);
		});
		// agencies' identifiers, outcomes and failure names only: nothing about the person
		this.meters.counter("tsunagu.exchange.attempts", "outcome", outcome, "failure", failure == null ? "none" : failure)
			.increment();
	}

}
