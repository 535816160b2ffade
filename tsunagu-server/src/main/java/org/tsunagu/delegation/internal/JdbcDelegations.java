package org.tsunagu.delegation.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Delegations and protection orders in their tables. */
@Component
class JdbcDelegations {

	private final JdbcClient jdbc;

	JdbcDelegations(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A delegation row as stored; {@code document} and {@code signature} only for a mandate. */
	record Row(UUID id, UUID representedId, UUID proxyId, String kind, List<String> services, List<String> claims,
			LocalDate validFrom, LocalDate validUntil, String evidence, String document, String status, String createdBy,
			Instant createdAt, Instant endedAt, String endReason) {

		boolean active() {
			return "active".equals(this.status);
		}

	}

	void insert(Row row, byte[] signature) {
		this.jdbc.sql("""
				INSERT INTO delegation (id, represented_id, proxy_id, kind, services, claims, valid_from, valid_until,
				  evidence, document, signature, status, created_by, created_at)
				VALUES (:id, :represented, :proxy, :kind, :services, :claims, :from, :until, :evidence, :document,
				  :signature, :status, :by, :at)""")
			.param("id", row.id())
			.param("represented", row.representedId())
			.param("proxy", row.proxyId())
			.param("kind", row.kind())
			.param("services", String.join(" ", row.services()))
			.param("claims", String.join(" ", row.claims()))
			.param("from", row.validFrom())
			.param("until", row.validUntil())
			.param("evidence", row.evidence())
			.param("document", row.document())
			.param("signature", signature)
			.param("status", row.status())
			.param("by", row.createdBy())
			.param("at", Timestamp.from(row.createdAt()))
			.update();
	}

	Optional<Row> find(UUID id) {
		return this.jdbc.sql("SELECT * FROM delegation WHERE id = :id").param("id", id).query(this::row).optional();
	}

	/**
	 * The delegation, its row locked until the caller's transaction ends: a token issued under it commits before an
	 * ending can, so the ending then finds and deletes the grant that holds the token.
	 */
	Optional<Row> findLocked(UUID id) {
		return this.jdbc.sql("SELECT * FROM delegation WHERE id = :id FOR UPDATE").param("id", id).query(this::row).optional();
	}

	/** Every delegation where the person is represented or the proxy, newest first. */
	List<Row> of(UUID residentId) {
		return this.jdbc.sql("""
				SELECT * FROM delegation WHERE represented_id = :resident OR proxy_id = :resident
				ORDER BY created_at DESC""")
			.param("resident", residentId)
			.query(this::row)
			.list();
	}

	List<Row> activeForProxy(UUID proxyId) {
		return this.jdbc.sql("SELECT * FROM delegation WHERE proxy_id = :proxy AND status = 'active'")
			.param("proxy", proxyId)
			.query(this::row)
			.list();
	}

	List<Row> activeForRepresented(UUID representedId) {
		return this.jdbc.sql("SELECT * FROM delegation WHERE represented_id = :represented AND status = 'active'")
			.param("represented", representedId)
			.query(this::row)
			.list();
	}

	/** The person's delegations not yet ended: in effect, or drafted and awaiting the card's signature. */
	List<Row> openForRepresented(UUID representedId) {
		return this.jdbc.sql("SELECT * FROM delegation WHERE represented_id = :represented AND status <> 'ended'")
			.param("represented", representedId)
			.query(this::row)
			.list();
	}

	/** How many mandates the person drafted since that instant, ended drafts included. */
	long mandatesDraftedSince(UUID representedId, Instant since) {
		return this.jdbc.sql("""
				SELECT COUNT(*) FROM delegation WHERE represented_id = :represented AND kind = 'mandate' AND created_at > :since""")
			.param("represented", representedId)
			.param("since", Timestamp.from(since))
			.query(Long.class)
			.single();
	}

	/** Whether a protection order in force for the person on the day names this respondent. */
	boolean protectedFrom(UUID residentId, UUID respondentId, LocalDate day) {
		return this.jdbc.sql("""
				SELECT COUNT(*) FROM protection_order
				WHERE resident_id = :resident AND respondent_id = :respondent AND (valid_until IS NULL OR valid_until >= :day)""")
			.param("resident", residentId)
			.param("respondent", respondentId)
			.param("day", day)
			.query(Long.class)
			.single() > 0;
	}

	/** Whether the delegation was live and is now ended (a second end changes nothing). */
	boolean end(UUID id, String reason, String by, Instant at) {
		return this.jdbc.sql("""
				UPDATE delegation SET status = 'ended', ended_at = :at, end_reason = :reason, ended_by = :by
				WHERE id = :id AND status <> 'ended'""")
			.param("id", id)
			.param("at", Timestamp.from(at))
			.param("reason", reason)
			.param("by", by)
			.update() == 1;
	}

	/** A mandate's signature, checked: the mandate takes effect. */
	boolean signed(UUID id, byte[] signature) {
		return this.jdbc.sql("""
				UPDATE delegation SET status = 'active', signature = :signature
				WHERE id = :id AND status = 'awaiting-signature'""")
			.param("id", id)
			.param("signature", signature)
			.update() == 1;
	}

	void protect(UUID id, UUID residentId, UUID respondentId, LocalDate until, String by, Instant at) {
		this.jdbc.sql("""
				INSERT INTO protection_order (id, resident_id, respondent_id, valid_until, recorded_by, recorded_at)
				VALUES (:id, :resident, :respondent, :until, :by, :at)""")
			.param("id", id)
			.param("resident", residentId)
			.param("respondent", respondentId)
			.param("until", until)
			.param("by", by)
			.param("at", Timestamp.from(at))
			.update();
	}

	/** Whether a protection order is in force for the person on the day. */
	boolean protectedOn(UUID residentId, LocalDate day) {
		return this.jdbc.sql("""
				SELECT COUNT(*) FROM protection_order
				WHERE resident_id = :resident AND (valid_until IS NULL OR valid_until >= :day)""")
			.param("resident", residentId)
			.param("day", day)
			.query(Long.class)
			.single() > 0;
	}

	private Row row(ResultSet rs, int n) throws SQLException {
		Timestamp ended = rs.getTimestamp("ended_at");
		return new Row(rs.getObject("id", UUID.class), rs.getObject("represented_id", UUID.class),
				rs.getObject("proxy_id", UUID.class), rs.getString("kind"), words(rs.getString("services")),
				words(rs.getString("claims")), rs.getDate("valid_from").toLocalDate(), rs.getDate("valid_until").toLocalDate(),
				rs.getString("evidence"), rs.getString("document"), rs.getString("status"), rs.getString("created_by"),
				rs.getTimestamp("created_at").toInstant(), ended == null ? null : ended.toInstant(), rs.getString("end_reason"));
	}

	private static List<String> words(String text) {
		return text == null || text.isBlank() ? List.of() : Arrays.asList(text.split(" "));
	}

}
