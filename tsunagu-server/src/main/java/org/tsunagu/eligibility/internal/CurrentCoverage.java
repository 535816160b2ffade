package org.tsunagu.eligibility.internal;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.tsunagu.organisation.Organisation;
import org.tsunagu.organisation.Organisations;
import org.tsunagu.platform.TsunaguProperties;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Every coverage recorded for a person, and which of it is current on a day: one reading for the clinic's answer,
 * the person's own view and the console, so that the three always say the same. A person may have more than one
 * current coverage (a new insurer records them before the old one has ended theirs, or by mistake): that is a
 * state the platform names, {@value #OVERLAPPING}, never one of them picked at random.
 *
 * <p>The order is documented and deterministic: the latest start first; on the same start day, by insurer number;
 * then by member key.
 */
@Component
public class CurrentCoverage implements org.tsunagu.eligibility.InsuranceQualifications {

	/** The flag of an answer with more than one coverage current on the day. */
	public static final String OVERLAPPING = "overlapping-coverage";

	/** What the clinic's screen says when the flag is set, in both languages. */
	static final Map<String, String> OVERLAP_NOTICE = Map.of("en",
			"This person has more than one health insurance coverage current today. Before billing, confirm with the "
					+ "patient which insurer covers them now; each insurer sees the overlap in its own list.",
			"ja", "この方には本日有効な医療保険の資格が複数あります。請求の前に、現在どの保険者に加入しているかを患者さんに確認してください。"
					+ "各保険者は重複を自らの一覧で確認できます。");

	/** The last day a coverage without an end date is taken to reach, for comparisons in SQL. */
	static final LocalDate OPEN_END = LocalDate.of(9999, 12, 31);

	private final JdbcClient jdbc;

	private final Organisations organisations;

	private final Clock clock;

	private final TsunaguProperties properties;

	CurrentCoverage(JdbcClient jdbc, Organisations organisations, Clock clock, TsunaguProperties properties) {
		this.jdbc = jdbc;
		this.organisations = organisations;
		this.clock = clock;
		this.properties = properties;
	}

	/** One coverage of a person, with its insurer. */
	record Held(Organisation insurer, String memberKey, String symbol, String number, String branch, LocalDate validFrom,
			LocalDate validTo, BigDecimal copayRatio, String limitCategory, boolean numberInCredentials) {

		boolean currentOn(LocalDate day) {
			return !this.validFrom.isAfter(day) && (this.validTo == null || !this.validTo.isBefore(day));
		}

	}

	static final Comparator<Held> ORDER = Comparator.comparing(Held::validFrom)
		.reversed()
		.thenComparing((Held h) -> h.insurer().identifier())
		.thenComparing(Held::memberKey);

	/**
	 * The coverage current today for the health insurance credential: the one coverage a clinic would be shown, with
	 * the symbol, number and branch only where its insurer allows them in credentials; empty when there is none, and
	 * refused when there is more than one (the person asks the insurers to settle it, as a clinic would).
	 */
	@Override
	public java.util.Optional<org.tsunagu.eligibility.InsuranceQualification> current(UUID residentId) {
		List<Held> current = currentOn(of(residentId), this.properties.today(this.clock));
		if (current.size() > 1) {
			throw new org.tsunagu.eligibility.InsuranceQualification.Overlapping();
		}
		return current.stream().findFirst().map((h) -> new org.tsunagu.eligibility.InsuranceQualification(
				h.insurer().identifier(), h.insurer().name().en(), h.insurer().name().ja(),
				h.numberInCredentials() ? h.symbol() : null, h.numberInCredentials() ? h.number() : null,
				h.numberInCredentials() ? h.branch() : null, h.copayRatio(), h.validFrom(), h.validTo()));
	}

	/** Every coverage recorded for the person, in the documented order. */
	List<Held> of(UUID residentId) {
		return this.jdbc.sql("""
				SELECT insurer_id, member_key, symbol, number, branch, valid_from, valid_to, copay_ratio, limit_category,
				  number_in_credentials
				FROM coverage WHERE resident_id = :resident""")
			.param("resident", residentId)
			.query((rs, n) -> {
				java.sql.Date to = rs.getDate(7);
				return new Held(this.organisations.find(rs.getObject(1, UUID.class)).orElseThrow(), rs.getString(2),
						rs.getString(3), rs.getString(4), rs.getString(5), rs.getDate(6).toLocalDate(),
						to == null ? null : to.toLocalDate(), rs.getBigDecimal(8), rs.getString(9), rs.getBoolean(10));
			})
			.list()
			.stream()
			.sorted(ORDER)
			.toList();
	}

	/** The coverages current on the day, in the documented order. */
	static List<Held> currentOn(List<Held> records, LocalDate day) {
		return records.stream().filter((h) -> h.currentOn(day)).toList();
	}

	/** The insurer as an answer names it: its number and its name in both languages. */
	static Map<String, Object> insurer(Organisation insurer) {
		return Map.of("number", insurer.identifier(), "name", Map.of("en", insurer.name().en(), "ja", insurer.name().ja()));
	}

	/**
	 * A coverage as a clinic, the person and an operator see it: the insurer, the member's symbol, number and branch,
	 * the co-payment ratio, the validity and the high-cost care limit category; never the member key, which is the
	 * insurer's own.
	 */
	static Map<String, Object> view(Held h) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("insurer", insurer(h.insurer()));
		Map<String, Object> member = new LinkedHashMap<>();
		member.put("symbol", h.symbol());
		member.put("number", h.number());
		member.put("branch", h.branch());
		view.put("member", member);
		view.put("copayRatio", h.copayRatio());
		view.put("validFrom", h.validFrom());
		view.put("validTo", h.validTo());
		view.put("limitCategory", h.limitCategory());
		return view;
	}

	/**
	 * The person's insurance as the person and an operator see it: the coverages a clinic would be shown today,
	 * flagged when more than one, and every coverage recorded, past and future.
	 */
	public Map<String, Object> summary(UUID residentId) {
		LocalDate today = this.properties.today(this.clock);
		List<Held> records = of(residentId);
		List<Held> current = currentOn(records, today);
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("today", today);
		answer.put("current", current.stream().map(CurrentCoverage::view).toList());
		answer.put("flags", current.size() > 1 ? List.of(OVERLAPPING) : List.of());
		if (current.size() > 1) {
			answer.put("notice", OVERLAP_NOTICE);
		}
		answer.put("records", records.stream().map(CurrentCoverage::view).toList());
		return answer;
	}

}
