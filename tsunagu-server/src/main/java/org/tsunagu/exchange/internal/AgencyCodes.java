package org.tsunagu.exchange.internal;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import javax.crypto.Mac;

import org.tsunagu.organisation.Organisation;
import org.tsunagu.platform.ApiProblem;
import org.tsunagu.platform.MasterKeys;
import org.tsunagu.platform.TsunaguProperties;
import org.tsunagu.platform.Violation;
import org.tsunagu.registry.IdentityMatch;
import org.tsunagu.registry.Residents;
import org.tsunagu.transparency.AccessLog;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Agency-specific codes. An agency hands over a number it collected lawfully once ({@code exchange:link}) and gets
 * its code for the person: {@code ac_} and 32 bytes of HMAC-SHA-256 over the agency's id and the resident's id
 * under the hub's key ({@code tsunagu.exchange.key}, or {@code <data dir>/keys/exchange.key}). Without that key a
 * code cannot be turned back into a person, and two agencies' codes for one person cannot be linked. The same
 * agency linking the same person again gets the same code; the hub translates through {@code exchange_code}.
 */
@Service
public class AgencyCodes {

	static final Pattern CODE = Pattern.compile("ac_[A-Za-z0-9_-]{43}");

	private final JdbcClient jdbc;

	private final Residents residents;

	private final AccessLog log;

	private final Clock clock;

	private final ThreadLocal<Mac> keys;

	/** The insert of a new link, under a savepoint: a concurrent first link leaves the caller's transaction usable. */
	private final org.springframework.transaction.support.TransactionTemplate savepoint;

	AgencyCodes(JdbcClient jdbc, Residents residents, AccessLog log, Clock clock, TsunaguProperties properties,
			@Value("${tsunagu.exchange.key:}") String configured,
			org.springframework.transaction.PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.savepoint = new org.springframework.transaction.support.TransactionTemplate(transactions);
		this.savepoint.setPropagationBehavior(org.springframework.transaction.TransactionDefinition.PROPAGATION_NESTED);
		this.residents = residents;
		this.log = log;
		this.clock = clock;
		this.keys = MasterKeys.load(configured, "tsunagu.exchange.key",
				properties.dataDir().resolve("keys").resolve("exchange.key"), "tsunagu exchange").hmac("agency code");
	}

	/** Links the person with this number to the agency, once, and answers the agency's code for them. */
	@Transactional
	public String link(Organisation agency, String individualNumber) {
		IdentityMatch match = this.residents.byNumber(individualNumber);
		if (!match.isLinked()) {
			throw ApiProblem.of(HttpStatus.UNPROCESSABLE_ENTITY, "not-linked", "Not linked", "No code was given: " + match.reason(),
					Map.of("errors", java.util.List.of(new Violation(match.pointer(), match.reason()))));
		}
		return linkResident(agency, match.residentId(), "individual number used once to give this agency its own code for you");
	}

	/** Links a resident the platform itself knows (the demo agencies' people) and answers the agency's code. */
	@Transactional
	public String linkResident(Organisation agency, UUID residentId) {
		return linkResident(agency, residentId, "this agency given its own code for you (demo data)");
	}

	private String linkResident(Organisation agency, UUID residentId, String what) {
		Optional<String> known = codeOf(agency.id(), residentId);
		if (known.isPresent()) {
			return known.get();
		}
		String code = derive(agency.id(), residentId);
		boolean inserted = Boolean.TRUE.equals(this.savepoint.execute((tx) -> {
			try {
				this.jdbc.sql("INSERT INTO exchange_code (agency_id, resident_id, code, linked_at) VALUES (:agency, :resident, :code, :now)")
					.param("agency", agency.id())
					.param("resident", residentId)
					.param("code", code)
					.param("now", this.clock.instant().atOffset(ZoneOffset.UTC))
					.update();
				return true;
			}
			catch (DuplicateKeyException ex) {
				// linked by a concurrent request (the code is the same): back to the savepoint, logged by that one
				tx.setRollbackOnly();
				return false;
			}
		}));
		if (!inserted) {
			return code;
		}
		this.log.append(new AccessLog.Entry("exchange-linked:" + agency.id() + ":" + residentId, agency.name().en(),
				agency.identifier(), residentId, what,
				"linking for data exchange between agencies", this.clock.instant(), Map.of()));
		return code;
	}

	/** The resident an agency's code stands for; another agency's code, or a code never given, finds no one. */
	public Optional<UUID> resolve(UUID agencyId, String code) {
		if (code == null || !CODE.matcher(code).matches()) {
			return Optional.empty();
		}
		return this.jdbc.sql("SELECT resident_id FROM exchange_code WHERE agency_id = :agency AND code = :code")
			.param("agency", agencyId)
			.param("code", code)
			.query(UUID.class)
			.optional();
	}

	/** The person a requester's code stands for, and the provider's code for them if the provider linked them. */
	public record Translation(UUID residentId, String providerCode) {
	}

	/** Translates a requester's code in one lookup; another agency's code, or a code never given, finds no one. */
	public Optional<Translation> translate(UUID requesterId, String code, UUID providerId) {
		if (code == null || !CODE.matcher(code).matches()) {
			return Optional.empty();
		}
		return this.jdbc.sql("""
				SELECT r.resident_id, p.code FROM exchange_code r
				LEFT JOIN exchange_code p ON p.agency_id = :provider AND p.resident_id = r.resident_id
				WHERE r.agency_id = :requester AND r.code = :code""")
			.param("provider", providerId)
			.param("requester", requesterId)
			.param("code", code)
			.query((rs, n) -> new Translation(rs.getObject(1, UUID.class), rs.getString(2)))
			.optional();
	}

	/** The agency's code for the person, when the agency has linked them. */
	public Optional<String> codeOf(UUID agencyId, UUID residentId) {
		return this.jdbc.sql("SELECT code FROM exchange_code WHERE agency_id = :agency AND resident_id = :resident")
			.param("agency", agencyId)
			.param("resident", residentId)
			.query(String.class)
			.optional();
	}

	private String derive(UUID agencyId, UUID residentId) {
		ByteBuffer input = ByteBuffer.allocate(32);
		input.putLong(agencyId.getMostSignificantBits()).putLong(agencyId.getLeastSignificantBits());
		input.putLong(residentId.getMostSignificantBits()).putLong(residentId.getLeastSignificantBits());
		return "ac_" + Base64.getUrlEncoder().withoutPadding().encodeToString(this.keys.get().doFinal(input.array()));
	}

}
