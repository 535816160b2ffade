package org.tsunagu.eligibility.internal;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.tsunagu.eligibility.CoverageOverlapShown;
import org.tsunagu.organisation.Organisation;
import org.tsunagu.organisation.Organisations;
import org.tsunagu.platform.TsunaguProperties;
import org.tsunagu.platform.Violations;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * An insurer's members who are also covered by another insurer on some day from today on: the insurer's own
 * records, and of the other coverage only its insurer's name and number, so that the insurer can ask its member
 * which one is theirs now. Each member listed is written into that person's transparency log: the person can see
 * which insurer learned of the overlap.
 */
@Service
public class CoverageOverlaps {

	/** At most this many members in one page; the next page starts after the last member key. */
	static final int PAGE = 200;

	private final JdbcClient jdbc;

	private final Organisations organisations;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final TsunaguProperties properties;

	CoverageOverlaps(JdbcClient jdbc, Organisations organisations, ApplicationEventPublisher events, Clock clock,
			TsunaguProperties properties) {
		this.jdbc = jdbc;
		this.organisations = organisations;
		this.events = events;
		this.clock = clock;
		this.properties = properties;
	}

	private record Mine(String memberKey, UUID residentId, LocalDate validFrom, LocalDate validTo) {
	}

	/**
	 * One page of the insurer's members in overlap, by member key.
	 * @param after the last member key of the page before, or {@code null} for the first page
	 */
	@Transactional
	public Map<String, Object> list(Organisation insurer, String after) {
		if (after != null) {
			Violations v = new Violations();
			CoverageRules.memberKey(after, "/after", v);
			v.throwIfAny();
		}
		LocalDate today = this.properties.today(this.clock);
		List<Mine> mine = this.jdbc.sql("""
				SELECT mine.member_key, mine.resident_id, mine.valid_from, mine.valid_to FROM coverage mine
				WHERE mine.insurer_id = :insurer AND mine.member_key > :after
				  AND (mine.valid_to IS NULL OR mine.valid_to >= :today)
				  AND EXISTS (SELECT 1 FROM coverage other WHERE other.resident_id = mine.resident_id
				    AND other.insurer_id <> mine.insurer_id AND (other.valid_to IS NULL OR other.valid_to >= :today)
				    AND other.valid_from <= COALESCE(mine.valid_to, :end) AND mine.valid_from <= COALESCE(other.valid_to, :end))
				ORDER BY mine.member_key
				FETCH FIRST %d ROWS ONLY""".formatted(PAGE + 1))
			.param("insurer", insurer.id())
			.param("after", after == null ? "" : after)
			.param("today", today)
			.param("end", CurrentCoverage.OPEN_END)
			.query((rs, n) -> {
				java.sql.Date to = rs.getDate(4);
				return new Mine(rs.getString(1), rs.getObject(2, UUID.class), rs.getDate(3).toLocalDate(),
						to == null ? null : to.toLocalDate());
			})
			.list();
		boolean more = mine.size() > PAGE;
		List<Map<String, Object>> members = new ArrayList<>();
		for (Mine m : more ? mine.subList(0, PAGE) : mine) {
			List<Organisation> others = others(insurer, m, today);
			Map<String, Object> member = new LinkedHashMap<>();
			member.put("memberKey", m.memberKey());
			member.put("validFrom", m.validFrom());
			member.put("validTo", m.validTo());
			member.put("alsoCoveredBy", others.stream().map(CurrentCoverage::insurer).toList());
			members.add(member);
			this.events.publishEvent(new CoverageOverlapShown(m.residentId(), insurer.name().en(), insurer.identifier(),
					m.memberKey(), String.join(", ", others.stream().map((o) -> o.name().en() + " (" + o.identifier() + ")").toList()),
					this.clock.instant()));
		}
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("today", today);
		answer.put("members", members);
		if (more) {
			answer.put("next", members.get(members.size() - 1).get("memberKey"));
		}
		return answer;
	}

	/** The other insurers whose coverage of the member meets the member's own, from today on, by insurer number. */
	private List<Organisation> others(Organisation insurer, Mine m, LocalDate today) {
		return this.jdbc.sql("""
				SELECT DISTINCT insurer_id FROM coverage
				WHERE resident_id = :resident AND insurer_id <> :insurer AND (valid_to IS NULL OR valid_to >= :today)
				  AND valid_from <= :to AND :from <= COALESCE(valid_to, :end)""")
			.param("resident", m.residentId())
			.param("insurer", insurer.id())
			.param("today", today)
			.param("to", m.validTo() == null ? CurrentCoverage.OPEN_END : m.validTo())
			.param("from", m.validFrom())
			.param("end", CurrentCoverage.OPEN_END)
			.query((rs, n) -> this.organisations.find(rs.getObject(1, UUID.class)).orElseThrow())
			.list()
			.stream()
			.sorted(java.util.Comparator.comparing(Organisation::identifier))
			.toList();
	}

}
