package org.tsunagu.transparency.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Appends entries to {@code log_entry}, once per event (the event's key makes a redelivered event a no-op). An
 * entry is a JSON object: who (organisation name and id), about whom (a commitment, or nothing for an entry about
 * no person), what (the kind of data or act), why (the purpose or legal basis), when. The commitment is
 * SHA-256 of a prefix, the person's subject key and a per-entry salt: entries about one person cannot be linked
 * by anyone without the key, and the person's own view opens them.
 */
@Component
class LogEntries {

	static final byte[] COMMITMENT_PREFIX = "tsunagu log subject v1\0".getBytes(StandardCharsets.US_ASCII);

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	LogEntries(JdbcClient jdbc, JsonMapper json, Clock clock) {
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
	}

	/** What an entry says; {@code residentId} is kept private, the entry carries a commitment to it. */
	record Entry(String eventKey, String whoName, String whoId, UUID residentId, String what, String why, Instant when) {
	}

	/** Appends the entry unless its event was appended before; the caller's transaction holds it. */
	void append(Entry entry) {
		boolean seen = this.jdbc.sql("SELECT COUNT(*) FROM log_entry WHERE event_key = :key")
			.param("key", entry.eventKey())
			.query(Integer.class)
			.single() > 0;
		if (seen) {
			return;
		}
		ObjectNode leaf = this.json.createObjectNode();
		leaf.put("v", 1);
		leaf.putObject("who").put("name", entry.whoName()).put("id", entry.whoId());
		byte[] salt = null;
		if (entry.residentId() != null) {
			salt = new byte[16];
			this.random.nextBytes(salt);
			leaf.put("subject", Base64.getUrlEncoder().withoutPadding().encodeToString(commitment(subjectKey(entry.residentId()), salt)));
		}
		leaf.put("what", entry.what());
		leaf.put("why", entry.why());
		leaf.put("when", entry.when().toString());
		Instant now = this.clock.instant();
		org.springframework.jdbc.support.GeneratedKeyHolder keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
		this.jdbc.sql("INSERT INTO log_entry (event_key, leaf, created_at) VALUES (:key, :leaf, :now)")
			.param("key", entry.eventKey())
			.param("leaf", this.json.writeValueAsBytes(leaf))
			.param("now", now.atOffset(ZoneOffset.UTC))
			.update(keys, "id");
		long id = keys.getKey().longValue();
		if (salt != null) {
			this.jdbc.sql("INSERT INTO log_entry_subject (entry_id, resident_id, salt) VALUES (:id, :resident, :salt)")
				.param("id", id)
				.param("resident", entry.residentId())
				.param("salt", salt)
				.update();
		}
	}

	/** The person's subject key, made on their first entry. */
	byte[] subjectKey(UUID residentId) {
		return this.jdbc.sql("SELECT subject_key FROM log_subject WHERE resident_id = :resident")
			.param("resident", residentId)
			.query(byte[].class)
			.optional()
			.orElseGet(() -> {
				byte[] key = new byte[32];
				this.random.nextBytes(key);
				this.jdbc.sql("INSERT INTO log_subject (resident_id, subject_key) VALUES (:resident, :key)")
					.param("resident", residentId)
					.param("key", key)
					.update();
				return key;
			});
	}

	static byte[] commitment(byte[] subjectKey, byte[] salt) {
		try {
			MessageDigest sha = MessageDigest.getInstance("SHA-256");
			sha.update(COMMITMENT_PREFIX);
			sha.update(subjectKey);
			sha.update(salt);
			return sha.digest();
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
