package org.tsunagu.registry.internal;

import java.nio.ByteBuffer;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The registry's tables: {@code resident} (the current version, status and match key of each resident),
 * {@code resident_version} (every version, never updated or deleted) and {@code individual_number} (lookup hash
 * and ciphertext of each number a resident ever held; retired numbers stay, so none is ever reused).
 */
@Component
final class JdbcResidentRepository {

	static final String CURRENT = "current";

	static final String RETIRED = "retired";

	private final JdbcClient jdbc;

	private final JdbcTemplate template;

	private final JsonMapper json;

	JdbcResidentRepository(JdbcClient jdbc, JdbcTemplate template, JsonMapper json) {
		this.jdbc = jdbc;
		this.template = template;
		this.json = json;
	}

	/** Stores a number unless its hash is taken; {@code false} means the caller must draw another number. */
	boolean insertNumber(UUID residentId, byte[] hash, byte[] ciphertext, Instant now) {
		return this.jdbc.sql("""
				INSERT INTO individual_number (number_hash, resident_id, number_ciphertext, status, issued_at)
				VALUES (:hash, :resident, :ciphertext, 'current', :now) ON CONFLICT DO NOTHING""")
			.param("hash", hash)
			.param("resident", residentId)
			.param("ciphertext", ciphertext)
			.param("now", utc(now))
			.update() == 1;
	}

	void insertResident(NewResident resident) {
		this.jdbc.sql("""
				INSERT INTO resident (id, current_version, status, match_key, external_ref, created_at)
				VALUES (:id, 1, :status, :match, :ref, :now)""")
			.param("id", resident.id())
			.param("status", resident.record().status())
			.param("match", resident.matchKey())
			.param("ref", resident.externalReference())
			.param("now", utc(resident.at()))
			.update();
		insertVersion(resident.id(), 1, "enrolled", null, resident.at(), resident.recordedBy(), resident.record());
	}

	void insertVersion(UUID id, int version, String change, LocalDate effective, Instant at, String by,
			ResidentRecord record) {
		this.jdbc.sql("""
				INSERT INTO resident_version (resident_id, version, change_type, effective_date, recorded_at, recorded_by, record)
				VALUES (:id, :version, :change, :effective, :at, :by, :record)""")
			.param("id", id)
			.param("version", version)
			.param("change", change)
			.param("effective", effective)
			.param("at", utc(at))
			.param("by", by)
			.param("record", this.json.writeValueAsString(record))
			.update();
	}

	/** Moves the resident's current version on, if nobody else did first. */
	boolean advance(UUID id, int from, String status, byte[] matchKey) {
		return this.jdbc.sql("""
				UPDATE resident SET current_version = :to, status = :status, match_key = :match
				WHERE id = :id AND current_version = :from""")
			.param("to", from + 1)
			.param("status", status)
			.param("match", matchKey)
			.param("id", id)
			.param("from", from)
			.update() == 1;
	}

	void retireCurrentNumber(UUID id, Instant at) {
		this.jdbc.sql("UPDATE individual_number SET status = 'retired', retired_at = :at WHERE resident_id = :id AND status = 'current'")
			.param("at", utc(at))
			.param("id", id)
			.update();
	}

	Optional<Version> current(UUID id) {
		return this.jdbc.sql("""
				SELECT v.version, v.change_type, v.effective_date, v.recorded_at, v.recorded_by, v.record
				FROM resident r JOIN resident_version v ON v.resident_id = r.id AND v.version = r.current_version
				WHERE r.id = :id""")
			.param("id", id)
			.query((rs, n) -> version(id, rs))
			.optional();
	}

	List<Version> history(UUID id) {
		return this.jdbc.sql("""
				SELECT version, change_type, effective_date, recorded_at, recorded_by, record
				FROM resident_version WHERE resident_id = :id ORDER BY version""")
			.param("id", id)
			.query((rs, n) -> version(id, rs))
			.list();
	}

	/** The current version of the resident who holds or held a number, and whether the number is current. */
	Optional<NumberHit> currentByNumberHash(byte[] hash) {
		return this.jdbc.sql("""
				SELECT n.status AS number_status, r.id, v.version, v.change_type, v.effective_date, v.recorded_at,
				       v.recorded_by, v.record
				FROM individual_number n
				JOIN resident r ON r.id = n.resident_id
				JOIN resident_version v ON v.resident_id = r.id AND v.version = r.current_version
				WHERE n.number_hash = :hash""")
			.param("hash", hash)
			.query((rs, n) -> new NumberHit(rs.getString("number_status"), version(rs.getObject("id", UUID.class), rs)))
			.optional();
	}

	Optional<UUID> findByMatchKey(byte[] matchKey) {
		return this.jdbc.sql("SELECT id FROM resident WHERE match_key = :match ORDER BY created_at")
			.param("match", matchKey)
			.query(UUID.class)
			.list()
			.stream()
			.findFirst();
	}

	Optional<UUID> findByExternalReference(String reference) {
		return this.jdbc.sql("SELECT id FROM resident WHERE external_ref = :ref")
			.param("ref", reference)
			.query(UUID.class)
			.optional();
	}

	long count() {
		return this.jdbc.sql("SELECT COUNT(*) FROM resident").query(Long.class).single();
	}

	Set<String> existingExternalReferences(Collection<String> references) {
		if (references.isEmpty()) {
			return Set.of();
		}
		return new HashSet<>(this.jdbc.sql("SELECT external_ref FROM resident WHERE external_ref IN (:refs)")
			.param("refs", references)
			.query(String.class)
			.list());
	}

	Map<ByteBuffer, UUID> existingMatchKeys(Collection<byte[]> keys) {
		Map<ByteBuffer, UUID> found = new HashMap<>();
		if (!keys.isEmpty()) {
			this.jdbc.sql("SELECT match_key, id FROM resident WHERE match_key IN (:keys)")
				.param("keys", keys)
				.query((rs, n) -> found.putIfAbsent(ByteBuffer.wrap(rs.getBytes(1)), rs.getObject(2, UUID.class)))
				.list();
		}
		return found;
	}

	Set<ByteBuffer> existingNumberHashes(Collection<byte[]> hashes) {
		if (hashes.isEmpty()) {
			return Set.of();
		}
		Set<ByteBuffer> found = new HashSet<>();
		this.jdbc.sql("SELECT number_hash FROM individual_number WHERE number_hash IN (:hashes)")
			.param("hashes", hashes)
			.query((rs, n) -> found.add(ByteBuffer.wrap(rs.getBytes(1))))
			.list();
		return found;
	}

	/** Inserts many new residents with JDBC batches: three statements per batch, not per resident. */
	void insertAll(List<NewResident> residents) {
		this.template.batchUpdate("""
				INSERT INTO resident (id, current_version, status, match_key, external_ref, created_at)
				VALUES (?, 1, ?, ?, ?, ?)""", residents, residents.size(), (ps, r) -> {
			ps.setObject(1, r.id());
			ps.setString(2, r.record().status());
			ps.setBytes(3, r.matchKey());
			ps.setString(4, r.externalReference());
			ps.setObject(5, utc(r.at()));
		});
		this.template.batchUpdate("""
				INSERT INTO resident_version (resident_id, version, change_type, effective_date, recorded_at, recorded_by, record)
				VALUES (?, 1, 'enrolled', NULL, ?, ?, ?)""", residents, residents.size(), (ps, r) -> {
			ps.setObject(1, r.id());
			ps.setObject(2, utc(r.at()));
			ps.setString(3, r.recordedBy());
			ps.setString(4, this.json.writeValueAsString(r.record()));
		});
		this.template.batchUpdate("""
				INSERT INTO individual_number (number_hash, resident_id, number_ciphertext, status, issued_at)
				VALUES (?, ?, ?, 'current', ?)""", residents, residents.size(), (ps, r) -> {
			ps.setBytes(1, r.numberHash());
			ps.setObject(2, r.id());
			ps.setBytes(3, r.numberCiphertext());
			ps.setObject(4, utc(r.at()));
		});
	}

	private Version version(UUID id, java.sql.ResultSet rs) throws java.sql.SQLException {
		Timestamp recorded = rs.getTimestamp("recorded_at");
		return new Version(id, rs.getInt("version"), rs.getString("change_type"),
				rs.getObject("effective_date", LocalDate.class), recorded.toInstant(), rs.getString("recorded_by"),
				this.json.readValue(rs.getString("record"), ResidentRecord.class));
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

	/** A resident about to be stored for the first time. */
	record NewResident(UUID id, ResidentRecord record, byte[] matchKey, byte[] numberHash, byte[] numberCiphertext,
			String externalReference, Instant at, String recordedBy) {
	}

	/** One stored version of a record. */
	record Version(UUID residentId, int version, String change, LocalDate effectiveDate, Instant recordedAt,
			String recordedBy, ResidentRecord record) {
	}

	/** A resident found by number, with the number's status. */
	record NumberHit(String numberStatus, Version version) {
	}

}
