package org.tsunagu.eligibility.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.SignedJWT;
import org.tsunagu.eligibility.EligibilityChecked;
import org.tsunagu.organisation.Organisation;
import org.tsunagu.pki.CardAuthentication;
import org.tsunagu.platform.ApiProblem;
import org.tsunagu.platform.Violations;
import org.tsunagu.registry.ResidentFacts;
import org.tsunagu.registry.Residents;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The check at the clinic. The clinic asks for a one-time challenge; the patient's card signs it (the wallet's
 * presentation); the check verifies the card as a sign-in does (chain, OCSP, card state), except that an
 * authentication certificate that expired less than three months ago still counts, flagged; then answers only the
 * coverage facts the clinic needs, with the patient's name in their own script and its reading. No coverage found
 * is an answer that says which checks were made, not a bare "invalid". Every check goes into the transparency log.
 */
@Service
public class EligibilityChecks {

	static final Duration CHALLENGE_LIFETIME = Duration.ofMinutes(2);

	/** Japan's rule: a certificate that expired less than three months ago still confirms eligibility. */
	static final int GRACE_MONTHS = 3;

	static final String PRESENTATION_TYPE = "tsunagu-presentation+jwt";

	/** What a patient may let a clinic see, as the API names it and as it is stored. */
	static final Map<String, String> CONSENT_ITEMS = Map.of("medicationHistory", "medication-history", "checkupHistory",
			"checkup-history");

	private final JdbcClient jdbc;

	private final CardAuthentication cards;

	private final Residents residents;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	private final org.tsunagu.platform.TsunaguProperties properties;

	private final CurrentCoverage coverage;

	EligibilityChecks(JdbcClient jdbc, CardAuthentication cards, Residents residents, CurrentCoverage coverage,
			ApplicationEventPublisher events, Clock clock, org.tsunagu.platform.TsunaguProperties properties) {
		this.properties = properties;
		this.coverage = coverage;
		this.jdbc = jdbc;
		this.cards = cards;
		this.residents = residents;
		this.events = events;
		this.clock = clock;
	}

	/** A one-time challenge for one check at this clinic. */
	public record Challenge(String challenge, Instant expiresAt) {
	}

	/** What the clinic sends: the wallet's presentation, and what the patient consented to share in this step. */
	public record CheckRequest(String presentation, Map<String, Boolean> consents) {

		@Override
		public String toString() {
			return "CheckRequest[redacted]";
		}

	}

	@Transactional
	public Challenge challenge(Organisation clinic) {
		byte[] bytes = new byte[32];
		this.random.nextBytes(bytes);
		String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		Instant now = this.clock.instant();
		Instant expires = now.plus(CHALLENGE_LIFETIME);
		this.jdbc.sql("""
				INSERT INTO eligibility_challenge (challenge_hash, clinic_id, created_at, expires_at)
				VALUES (:hash, :clinic, :now, :expires)""")
			.param("hash", sha256(challenge))
			.param("clinic", clinic.id())
			.param("now", now.atOffset(ZoneOffset.UTC))
			.param("expires", expires.atOffset(ZoneOffset.UTC))
			.update();
		return new Challenge(challenge, expires);
	}

	@Transactional(noRollbackFor = ApiProblem.class)
	public Map<String, Object> check(Organisation clinic, CheckRequest request) {
		SignedJWT presentation = parse(request);
		List<String> consented = new ArrayList<>();
		if (request.consents() != null) {
			request.consents().forEach((item, given) -> {
				if (!CONSENT_ITEMS.containsKey(item)) {
					Violations v = new Violations();
					v.add("/consents/" + org.tsunagu.platform.JsonViolations.name(item),
							"A consent is medicationHistory or checkupHistory, true or false.");
					throw ApiProblem.validation(v.list());
				}
				if (Boolean.TRUE.equals(given)) {
					consented.add(item);
				}
			});
		}
		String challenge;
		String method;
		List<String> signedConsents;
		try {
			challenge = presentation.getJWTClaimsSet().getStringClaim("challenge");
			method = presentation.getJWTClaimsSet().getStringClaim("method");
			signedConsents = presentation.getJWTClaimsSet().getStringListClaim("consents");
		}
		catch (ParseException ex) {
			throw invalid("The presentation's claims are not readable.");
		}
		if (challenge == null || !("pin".equals(method) || "face".equals(method))) {
			throw invalid("The presentation names the clinic's challenge and the method: pin or face.");
		}
		// a consent is the patient's: the clinic records one only if the patient's card signed it
		for (String item : consented) {
			if (signedConsents == null || !signedConsents.contains(item)) {
				Violations v = new Violations();
				v.add("/consents/" + item, "The patient's presentation does not give this consent; the patient gives it "
						+ "with the card (tsunagu-wallet present --consent " + item + ").");
				throw ApiProblem.validation(v.list());
			}
		}
		Instant now = this.clock.instant();
		// one use, this clinic's, in time: a challenge that fails any of these is spent or was never good
		int taken = this.jdbc.sql("""
				UPDATE eligibility_challenge SET used_at = :now
				WHERE challenge_hash = :hash AND clinic_id = :clinic AND used_at IS NULL AND expires_at > :now""")
			.param("now", now.atOffset(ZoneOffset.UTC))
			.param("hash", sha256(challenge))
			.param("clinic", clinic.id())
			.update();
		if (taken != 1) {
			throw ApiProblem.of(HttpStatus.BAD_REQUEST, "challenge-unusable", "Challenge not usable",
					"The challenge is unknown, expired, already used or another clinic's: ask for a new one and have the "
							+ "patient's card sign it.");
		}
		CardAuthentication.Authenticated card;
		try {
			byte[] der = CardAuthentication.es256(presentation.getSignature().decode());
			card = this.cards.verify(presentation.getHeader().getX509CertChain().get(0).decode(), presentation.getSigningInput(),
					der, Duration.ofDays(31L * (GRACE_MONTHS + 1)));
		}
		catch (CardAuthentication.Refused ex) {
			if (ex.residentId() != null) {
				recordRefusal(clinic, ex.residentId(), method, ex.reason(), now);
			}
			throw refused(ex.reason(), ex.getMessage());
		}
		catch (RuntimeException ex) {
			throw refused("bad_signature", "The presentation's signature is not a card's.");
		}
		List<String> flags = new ArrayList<>();
		if (card.expiredAt() != null) {
			LocalDate expired = LocalDate.ofInstant(card.expiredAt(), this.properties.zone());
			if (!this.properties.today(this.clock).isBefore(expired.plusMonths(GRACE_MONTHS))) {
				recordRefusal(clinic, card.residentId(), method, "certificate_expired", now);
				throw refused("certificate_expired", "The card's authentication certificate expired more than three months ago.");
			}
			flags.add("certificate-expired-within-grace");
		}
		ResidentFacts patient = this.residents.find(card.residentId())
			.orElseThrow(() -> refused("unknown_resident", "The card's holder is not in the registry."));
		// coverage is valid on days in the country's time zone: a check at 08:00 in Tokyo is on Tokyo's date
		LocalDate today = this.properties.today(this.clock);
		List<CurrentCoverage.Held> records = this.coverage.of(card.residentId());
		List<CurrentCoverage.Held> current = CurrentCoverage.currentOn(records, today);
		Map<String, Object> answer = new LinkedHashMap<>();
		UUID checkId = UUID.randomUUID();
		answer.put("checkId", checkId);
		answer.put("checkedAt", now);
		answer.put("method", method);
		answer.put("eligible", !current.isEmpty());
		if (current.size() == 1) {
			// one coverage: its facts at the top of the answer, as clinics' systems read them
			answer.putAll(CurrentCoverage.view(current.get(0)));
		}
		else if (current.size() > 1) {
			// more than one: no insurer is the answer's; the clinic is told, and shown each in the documented order
			flags.add(CurrentCoverage.OVERLAPPING);
			answer.put("notice", CurrentCoverage.OVERLAP_NOTICE);
		}
		answer.put("coverages", current.stream().map(CurrentCoverage::view).toList());
		if (current.isEmpty()) {
			List<String> checks = new ArrayList<>();
			checks.add("The card is active and its authentication certificate is "
					+ (card.expiredAt() == null ? "valid" : "within three months of its expiry") + " and not revoked.");
			checks.add("The card's holder is in the registry.");
			checks.add("Coverage of every insurer recorded for this person on " + today + ": none is current.");
			records.stream()
				.map(CurrentCoverage.Held::validTo)
				.filter((to) -> to != null && to.isBefore(today))
				.max(LocalDate::compareTo)
				.ifPresent((ended) -> checks.add("The latest coverage ended on " + ended
						+ ": a new insurer (a new job, a move) may not have recorded the person yet."));
			records.stream()
				.map(CurrentCoverage.Held::validFrom)
				.filter((from) -> from.isAfter(today))
				.min(LocalDate::compareTo)
				.ifPresent((from) -> checks.add("Coverage recorded to start on " + from + "."));
			answer.put("checks", checks);
		}
		answer.put("patient", Map.of("name", name(patient), "birthDate", patient.birthDate()));
		answer.put("flags", flags);
		for (String item : consented) {
			String column = CONSENT_ITEMS.get(item);
			int updated = this.jdbc.sql("""
					UPDATE clinic_consent SET given_at = :now, withdrawn_at = NULL
					WHERE resident_id = :resident AND clinic_id = :clinic AND item = :item""")
				.param("now", now.atOffset(ZoneOffset.UTC))
				.param("resident", card.residentId())
				.param("clinic", clinic.id())
				.param("item", column)
				.update();
			if (updated == 0) {
				this.jdbc.sql("""
						INSERT INTO clinic_consent (resident_id, clinic_id, item, given_at)
						VALUES (:resident, :clinic, :item, :now)""")
					.param("now", now.atOffset(ZoneOffset.UTC))
					.param("resident", card.residentId())
					.param("clinic", clinic.id())
					.param("item", column)
					.update();
			}
		}
		answer.put("consents", consented);
		String outcome = current.isEmpty() ? "no-coverage" : current.size() == 1 ? "eligible" : "eligible, overlapping coverage";
		this.jdbc.sql("""
				INSERT INTO eligibility_check (id, clinic_id, resident_id, method, outcome, checked_at)
				VALUES (:id, :clinic, :resident, :method, :outcome, :now)""")
			.param("id", checkId)
			.param("clinic", clinic.id())
			.param("resident", card.residentId())
			.param("method", method)
			.param("outcome", outcome)
			.param("now", now.atOffset(ZoneOffset.UTC))
			.update();
		this.events.publishEvent(new EligibilityChecked(checkId, card.residentId(), clinic.name().en(), clinic.identifier(),
				outcome, method, String.join(" ", consented), now));
		return answer;
	}

	/**
	 * A check refused for a card the CA issued and whose key signed the presentation (suspended, revoked, expired
	 * beyond the grace period): recorded and logged like any check, so that the holder sees a clinic tried their card.
	 * The refusal's problem is thrown after, and this transaction commits (the challenge is spent too).
	 */
	private void recordRefusal(Organisation clinic, UUID residentId, String method, String reason, Instant now) {
		UUID checkId = UUID.randomUUID();
		String outcome = "refused: " + reason.replace('_', ' ');
		this.jdbc.sql("""
				INSERT INTO eligibility_check (id, clinic_id, resident_id, method, outcome, checked_at)
				VALUES (:id, :clinic, :resident, :method, :outcome, :now)""")
			.param("id", checkId)
			.param("clinic", clinic.id())
			.param("resident", residentId)
			.param("method", method)
			.param("outcome", outcome.length() > 32 ? outcome.substring(0, 32) : outcome)
			.param("now", now.atOffset(ZoneOffset.UTC))
			.update();
		this.events.publishEvent(new EligibilityChecked(checkId, residentId, clinic.name().en(), clinic.identifier(), outcome,
				method, "", now));
	}

	private static Map<String, Object> name(ResidentFacts patient) {
		Map<String, Object> name = new LinkedHashMap<>();
		name.put("family", patient.familyName());
		name.put("given", patient.givenName());
		name.put("familyReading", patient.familyReading());
		name.put("givenReading", patient.givenReading());
		name.put("latin", patient.latinName());
		return name;
	}

	private static SignedJWT parse(CheckRequest request) {
		if (request == null || request.presentation() == null || request.presentation().length() > 16_384) {
			throw invalid("The presentation (the compact JWS the patient's wallet made, at most 16 KiB) is required.");
		}
		SignedJWT jwt;
		try {
			jwt = SignedJWT.parse(request.presentation());
		}
		catch (ParseException ex) {
			throw invalid("The presentation is not a compact JWS.");
		}
		if (!JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm()) || jwt.getHeader().getType() == null
				|| !PRESENTATION_TYPE.equals(jwt.getHeader().getType().getType()) || jwt.getHeader().getX509CertChain() == null
				|| jwt.getHeader().getX509CertChain().isEmpty()) {
			throw invalid("The presentation is ES256, typed " + PRESENTATION_TYPE + ", with the card's certificate in x5c.");
		}
		return jwt;
	}

	private static ApiProblem invalid(String detail) {
		Violations v = new Violations();
		v.add("/presentation", detail);
		return ApiProblem.validation(v.list());
	}

	/** The card did not hold: the reason code says what the clinic can act on. */
	private static ApiProblem refused(String reason, String message) {
		String action = switch (reason) {
			case "certificate_suspended", "card_suspended" ->
				" The card is suspended (reported lost): the holder can reactivate it, or the clinic can confirm the insurance another way.";
			case "certificate_revoked", "card_revoked" -> " The card is revoked: the holder needs a new card.";
			case "certificate_expired" -> " The holder renews the card's certificates at the municipality.";
			case "status_unavailable" -> " Try again in a moment.";
			default -> "";
		};
		return ApiProblem.of(HttpStatus.FORBIDDEN, "card-refused", "The card was refused", message + action,
				Map.of("reason", reason));
	}

	private static byte[] sha256(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
