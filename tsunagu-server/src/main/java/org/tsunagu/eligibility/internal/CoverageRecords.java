package org.tsunagu.eligibility.internal;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.tsunagu.eligibility.CoverageChanged;
import org.tsunagu.organisation.Organisation;
import org.tsunagu.platform.ApiProblem;
import org.tsunagu.platform.Violation;
import org.tsunagu.platform.Violations;
import org.tsunagu.registry.IdentityMatch;
import org.tsunagu.registry.Residents;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Insurers' coverage records, one per member key of each insurer. A member is linked to a resident once, by the
 * registry, from the insurer's identity data; later changes must keep pointing at the same person. The insurer
 * knows the member by its own key and never sees the registry's id or the individual number again; every change
 * is published (and so logged) in its own transaction.
 */
@Service
public class CoverageRecords {

	private final JdbcClient jdbc;

	private final Residents residents;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final org.tsunagu.platform.TsunaguProperties properties;

	CoverageRecords(JdbcClient jdbc, Residents residents, ApplicationEventPublisher events, Clock clock,
			org.tsunagu.platform.TsunaguProperties properties) {
		this.properties = properties;
		this.jdbc = jdbc;
		this.residents = residents;
		this.events = events;
		this.clock = clock;
	}

	/** A member's coverage as its insurer and a clinic see it: no individual number, no registry id. */
	public record Coverage(String memberKey, String relationship, String symbol, String number, String branch,
			LocalDate validFrom, LocalDate validTo, BigDecimal copayRatio, String limitCategory, int version,
			Instant updatedAt, boolean numberInCredentials) {
	}

	/**
	 * The coverage after a {@code PUT}: whether it was new, whether anything was written (the member or a dependant
	 * sent with it), and the dependants, each as its own member.
	 */
	public record Saved(Coverage coverage, boolean created, boolean written, List<Coverage> dependants) {

		Saved(Coverage coverage, boolean created, boolean written) {
			this(coverage, created, written, List.of());
		}

	}

	/**
	 * Records a member's coverage, and each dependant sent with it as a member of their own: every person is linked
	 * by the registry first, and one that does not match refuses the whole request, so nothing is recorded.
	 */
	@Transactional
	public Saved put(Organisation insurer, String memberKey, CoverageForm sent) {
		CoverageForm form = sent.relationship() == null ? withRelationship(sent, "insured") : sent;
		Violations v = new Violations();
		CoverageRules.memberKey(memberKey);
		LocalDate birthDate = v.date(form.birthDate(), "/birthDate", true);
		LocalDate from = v.date(form.validFrom(), "/validFrom", true);
		LocalDate to = v.date(form.validTo(), "/validTo", false);
		LocalDate today = this.properties.today(this.clock);
		CoverageRules.check(form, from, to, birthDate, true, today, v);
		List<CoverageForm.Dependant> dependants = form.dependants() == null ? List.of() : form.dependants();
		List<LocalDate> dependantBirthDates = CoverageRules.checkDependants(memberKey, form, dependants, today, v);
		v.throwIfAny();
		UUID resident = link(form.individualNumber(), form.name(), birthDate, "");
		List<UUID> dependantResidents = new ArrayList<>();
		for (int i = 0; i < dependants.size(); i++) {
			CoverageForm.Dependant d = dependants.get(i);
			UUID linked = link(d.individualNumber(), d.name(), dependantBirthDates.get(i), "/dependants/" + i);
			if (linked.equals(resident) || dependantResidents.contains(linked)) {
				throw ApiProblem.of(HttpStatus.UNPROCESSABLE_ENTITY, "identity-mismatch", "Not linked to a resident",
						"The same person is sent twice. Nothing was recorded.", Map.of("errors",
								List.of(new Violation("/dependants/" + i + "/individualNumber", "The same person is sent twice."))));
			}
			dependantResidents.add(linked);
		}
		Saved main = write(insurer, memberKey, resident, form, from, to, "");
		boolean written = main.written();
		List<Coverage> saved = new ArrayList<>();
		for (int i = 0; i < dependants.size(); i++) {
			CoverageForm.Dependant d = dependants.get(i);
			CoverageForm own = new CoverageForm(d.individualNumber(), d.name(), d.birthDate(), "dependant", form.symbol(),
					form.number(), d.branch(), form.validFrom(), form.validTo(),
					d.copayRatio() == null ? form.copayRatio() : d.copayRatio(), form.limitCategory(), null,
					form.numberInCredentials());
			Saved one = write(insurer, d.memberKey(), dependantResidents.get(i), own, from, to, "/dependants/" + i);
			written |= one.written();
			saved.add(one.coverage());
		}
		return new Saved(main.coverage(), main.created(), written, saved);
	}

	private static CoverageForm withRelationship(CoverageForm f, String relationship) {
		return new CoverageForm(f.individualNumber(), f.name(), f.birthDate(), relationship, f.symbol(), f.number(),
				f.branch(), f.validFrom(), f.validTo(), f.copayRatio(), f.limitCategory(), f.dependants(),
				f.numberInCredentials());
	}

	/** The registry's link for one person, or the whole request refused with the check that failed. */
	private UUID link(String individualNumber, CoverageForm.Name name, LocalDate birthDate, String at) {
		IdentityMatch match = this.residents.match(individualNumber, name.family(), name.given(), name.familyReading(),
				name.givenReading(), birthDate);
		if (!match.isLinked()) {
			throw ApiProblem.of(HttpStatus.UNPROCESSABLE_ENTITY, "identity-mismatch", "Not linked to a resident",
					match.reason() + " Nothing was recorded.",
					Map.of("errors", List.of(new Violation(at + match.pointer(), match.reason()))));
		}
		return match.residentId();
	}

	/**
	 * Records coverage for a resident the platform itself has linked (its demo data), with the same rules for the
	 * coverage facts; an insurer's own requests always go through the registry's match.
	 */
	@Transactional
	Saved putLinked(Organisation insurer, String memberKey, UUID residentId, CoverageForm form) {
		Violations v = new Violations();
		CoverageRules.memberKey(memberKey);
		LocalDate from = v.date(form.validFrom(), "/validFrom", true);
		LocalDate to = v.date(form.validTo(), "/validTo", false);
		CoverageRules.check(form, from, to, null, false, this.properties.today(this.clock), v);
		v.throwIfAny();
		return write(insurer, memberKey, residentId, form, from, to, "");
	}

	/** @param at where this member is in the request, for a refusal's pointer: empty, or a dependant's place */
	private Saved write(Organisation insurer, String memberKey, UUID residentId, CoverageForm form, LocalDate from, LocalDate to,
			String at) {
		IdentityMatch match = IdentityMatch.linked(residentId);
		Optional<Row> existing = row(insurer.id(), memberKey, true);
		if (existing.isPresent() && !existing.get().residentId().equals(match.residentId())) {
			throw ApiProblem.of(HttpStatus.UNPROCESSABLE_ENTITY, "member-key-linked", "Member key linked to another person",
					"This member key is linked to another person; a new person needs a new member key. Nothing was recorded.",
					Map.of("errors", List.of(new Violation(at + (at.isEmpty() ? "/individualNumber" : "/memberKey"),
							"Not the person this member key is linked to."))));
		}
		if (existing.isPresent()) {
			Coverage current = find(insurer, memberKey).orElseThrow();
			if (same(current, form, from, to)) {
				// a monthly load sends every member again: what did not change is not a new version
				return new Saved(current, false, false);
			}
		}
		refuseOverlap(insurer, memberKey, residentId, from, to, at);
		Instant now = this.clock.instant();
		int version = existing.map((r) -> r.version() + 1).orElse(1);
		var statement = existing.isPresent() ? this.jdbc.sql("""
				UPDATE coverage SET relationship = :relationship, symbol = :symbol, number = :number, branch = :branch,
				  valid_from = :from, valid_to = :to, copay_ratio = :copay, limit_category = :limit, version = :version,
				  number_in_credentials = :shown, updated_at = :now WHERE insurer_id = :insurer AND member_key = :key""")
				: this.jdbc.sql("""
						INSERT INTO coverage (insurer_id, member_key, resident_id, relationship, symbol, number, branch,
						  valid_from, valid_to, copay_ratio, limit_category, version, number_in_credentials, created_at,
						  updated_at)
						VALUES (:insurer, :key, :resident, :relationship, :symbol, :number, :branch, :from, :to, :copay,
						  :limit, :version, :shown, :now, :now)""").param("resident", match.residentId());
		statement.param("insurer", insurer.id())
			.param("key", memberKey)
			.param("relationship", form.relationship())
			.param("symbol", form.symbol())
			.param("number", form.number())
			.param("branch", form.branch())
			.param("from", from)
			.param("to", to)
			.param("copay", form.copayRatio())
			.param("limit", form.limitCategory())
			.param("shown", form.numberAllowedInCredentials())
			.param("version", version)
			.param("now", now.atOffset(ZoneOffset.UTC))
			.update();
		this.events.publishEvent(new CoverageChanged(match.residentId(), insurer.name().en(), insurer.identifier(), memberKey,
				version, existing.isPresent() ? "changed" : "recorded", now));
		return new Saved(find(insurer, memberKey).orElseThrow(), existing.isEmpty(), true);
	}

	/**
	 * One insurer covers a person once on any day: a second record of the same insurer whose period meets another
	 * of the person's is refused with the existing member key, so that the insurer ends the old record first (to the
	 * day before the new one starts, the usual renumbering). The person's other records are locked, so two changes
	 * to them queue; two first records sent at the same moment under two new keys are not, and the console's
	 * overlap list is where such a pair would show.
	 */
	private void refuseOverlap(Organisation insurer, String memberKey, UUID residentId, LocalDate from, LocalDate to,
			String at) {
		this.jdbc.sql("""
				SELECT member_key, valid_from, valid_to FROM coverage
				WHERE insurer_id = :insurer AND resident_id = :resident AND member_key <> :key
				  AND valid_from <= :to AND (valid_to IS NULL OR valid_to >= :from)
				ORDER BY valid_from, member_key FOR UPDATE""")
			.param("insurer", insurer.id())
			.param("resident", residentId)
			.param("key", memberKey)
			.param("from", from)
			.param("to", to == null ? CurrentCoverage.OPEN_END : to)
			.query((rs, n) -> rs.getString(1))
			.list()
			.stream()
			.findFirst()
			.ifPresent((existing) -> {
				throw ApiProblem.of(HttpStatus.CONFLICT, "coverage-overlap", "Coverage overlaps this insurer's own",
						"This person already has coverage of this insurer, under member key " + existing
								+ ", on days this record covers. End that record on the day before this one starts "
								+ "(PUT it with validTo), or correct this one. Nothing was recorded.",
						Map.of("existingMemberKey", existing, "errors", List.of(new Violation(at + "/validFrom",
								"Meets the period of member key " + existing + " of the same insurer."))));
			});
	}

	private static boolean same(Coverage current, CoverageForm form, LocalDate from, LocalDate to) {
		return java.util.Objects.equals(current.relationship(), form.relationship())
				&& java.util.Objects.equals(current.symbol(), form.symbol()) && java.util.Objects.equals(current.number(), form.number())
				&& java.util.Objects.equals(current.branch(), form.branch()) && java.util.Objects.equals(current.validFrom(), from)
				&& java.util.Objects.equals(current.validTo(), to) && current.copayRatio().compareTo(form.copayRatio()) == 0
				&& java.util.Objects.equals(current.limitCategory(), form.limitCategory())
				&& current.numberInCredentials() == form.numberAllowedInCredentials();
	}

	/** Ends a member's coverage: the record goes, the log keeps that it did. */
	@Transactional
	public void delete(Organisation insurer, String memberKey) {
		CoverageRules.memberKey(memberKey);
		Row existing = row(insurer.id(), memberKey, true).orElseThrow(() -> ApiProblem.notFound("The member's coverage"));
		this.jdbc.sql("DELETE FROM coverage WHERE insurer_id = :insurer AND member_key = :key")
			.param("insurer", insurer.id())
			.param("key", memberKey)
			.update();
		this.events.publishEvent(new CoverageChanged(existing.residentId(), insurer.name().en(), insurer.identifier(), memberKey,
				existing.version() + 1, "ended", this.clock.instant()));
	}

	public Optional<Coverage> find(Organisation insurer, String memberKey) {
		CoverageRules.memberKey(memberKey);
		return this.jdbc.sql("SELECT * FROM coverage WHERE insurer_id = :insurer AND member_key = :key")
			.param("insurer", insurer.id())
			.param("key", memberKey)
			.query(this::coverage)
			.optional();
	}

	private record Row(UUID residentId, int version) {
	}

	private Optional<Row> row(UUID insurer, String memberKey, boolean lock) {
		return this.jdbc.sql("SELECT resident_id, version FROM coverage WHERE insurer_id = :insurer AND member_key = :key"
				+ (lock ? " FOR UPDATE" : ""))
			.param("insurer", insurer)
			.param("key", memberKey)
			.query((rs, n) -> new Row(rs.getObject(1, UUID.class), rs.getInt(2)))
			.optional();
	}

	private Coverage coverage(ResultSet rs, int row) throws SQLException {
		java.sql.Date to = rs.getDate("valid_to");
		return new Coverage(rs.getString("member_key"), rs.getString("relationship"), rs.getString("symbol"),
				rs.getString("number"), rs.getString("branch"), rs.getDate("valid_from").toLocalDate(),
				to == null ? null : to.toLocalDate(), rs.getBigDecimal("copay_ratio"), rs.getString("limit_category"),
				rs.getInt("version"), rs.getTimestamp("updated_at").toInstant(), rs.getBoolean("number_in_credentials"));
	}

}
