package org.tsunagu.eligibility.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.tsunagu.organisation.Organisations;
import org.tsunagu.platform.ApiProblem;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The consents a patient gave clinics at an eligibility check, as the patient sees and withdraws them. */
@Service
public class ClinicConsents {

	private final JdbcClient jdbc;

	private final Organisations organisations;

	private final java.time.Clock clock;

	ClinicConsents(JdbcClient jdbc, Organisations organisations, java.time.Clock clock) {
		this.jdbc = jdbc;
		this.organisations = organisations;
		this.clock = clock;
	}

	/** One clinic's consent: what it may see, since when. */
	public record Consent(UUID clinicId, String clinicName, String clinicNameJa, List<String> items, Instant givenAt) {
	}

	public List<Consent> list(UUID resident) {
		record Row(UUID clinic, String item, Instant given) {
		}
		List<Row> rows = this.jdbc.sql("""
				SELECT clinic_id, item, given_at FROM clinic_consent
				WHERE resident_id = :resident AND withdrawn_at IS NULL ORDER BY clinic_id, item""")
			.param("resident", resident)
			.query((rs, n) -> new Row(rs.getObject(1, UUID.class), rs.getString(2), rs.getTimestamp(3).toInstant()))
			.list();
		return rows.stream()
			.map(Row::clinic)
			.distinct()
			.map((clinic) -> {
				var organisation = this.organisations.find(clinic).orElseThrow();
				List<Row> mine = rows.stream().filter((r) -> r.clinic().equals(clinic)).toList();
				return new Consent(clinic, organisation.name().en(), organisation.name().ja(), mine.stream().map(Row::item).toList(),
						mine.stream().map(Row::given).min(Instant::compareTo).orElseThrow());
			})
			.toList();
	}

	@Transactional
	public void withdraw(UUID resident, UUID clinic) {
		int withdrawn = this.jdbc.sql("""
				UPDATE clinic_consent SET withdrawn_at = :now
				WHERE resident_id = :resident AND clinic_id = :clinic AND withdrawn_at IS NULL""")
			.param("now", this.clock.instant().atOffset(ZoneOffset.UTC))
			.param("resident", resident)
			.param("clinic", clinic)
			.update();
		if (withdrawn == 0) {
			throw ApiProblem.notFound("A consent for that clinic");
		}
	}

}
