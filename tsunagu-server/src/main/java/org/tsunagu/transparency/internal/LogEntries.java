package org.tsunagu.transparency.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
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
 * by anyone without the key, and the person's own view opens them. The subject key is HMAC-SHA-256 of the
 * resident's id under the log's master key ({@code tsunagu.transparency.key}, or {@code <data dir>/keys/log.key}),
 * so appending costs one insert.
 */
@Component
class LogEntries {

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	private final ThreadLocal<javax.crypto.Mac> subjectKeys;

	private final org.springframework.jdbc.core.JdbcTemplate batches;

	LogEntries(JdbcClient jdbc, org.springframework.jdbc.core.JdbcTemplate batches, JsonMapper json, Clock clock,
			@org.springframework.beans.factory.annotation.Value("${tsunagu.transparency.key:}") String configured,
			org.tsunagu.platform.TsunaguProperties properties) {
		this.jdbc = jdbc;
		this.batches = batches;
		this.json = json;
		this.clock = clock;
		this.subjectKeys = org.tsunagu.platform.MasterKeys.load(configured, "tsunagu.transparency.key",
				properties.dataDir().resolve("keys").resolve("log.key"), "tsunagu log").hmac("subject key");
	}

	/** What an entry says; {@code residentId} is kept private, the entry carries a commitment to it. */
	record Entry(String eventKey, String whoName, String whoId, UUID residentId, String what, String why, Instant when,
			java.util.Map<String, String> evidence) {

		Entry(String eventKey, String whoName, String whoId, UUID residentId, String what, String why, Instant when) {
			this(eventKey, whoName, whoId, residentId, what, why, when, java.util.Map.of());
		}

	}

	/** Appends the entry in the caller's transaction; an event key is unique, so an event cannot be logged twice. */
	void append(Entry entry) {
		ObjectNode leaf = this.json.createObjectNode();
		leaf.put("v", 1);
		leaf.putObject("who").put("name", entry.whoName()).put("id", entry.whoId());
		byte[] salt = null;
		if (entry.residentId() != null) {
			salt = new byte[16];
			this.random.nextBytes(salt);
			leaf.put("subject", Base64.getUrlEncoder().withoutPadding().encodeToString(org.tsunagu.merkle.SubjectCommitment.of(subjectKey(entry.residentId()), salt)));
		}
		leaf.put("what", entry.what());
		leaf.put("why", entry.why());
		leaf.put("when", entry.when().toString());
		if (!entry.evidence().isEmpty()) {
			ObjectNode evidence = leaf.putObject("evidence");
			new java.util.TreeMap<>(entry.evidence()).forEach(evidence::put);
		}
		Object[] row = { entry.eventKey(), this.json.writeValueAsBytes(leaf), entry.residentId(), salt,
				this.clock.instant().atOffset(ZoneOffset.UTC) };
		if (!org.springframework.transaction.support.TransactionSynchronizationManager.isSynchronizationActive()) {
			this.batches.update(INSERT, row);
			return;
		}
		// the entries of one transaction go in as one JDBC batch just before it commits (a bulk import's batch of
		// enrolments pays one round trip for its entries); a failing insert fails the commit, change and all
		@SuppressWarnings("unchecked")
		List<Object[]> pending = (List<Object[]>) org.springframework.transaction.support.TransactionSynchronizationManager
			.getResource(this);
		if (pending == null) {
			List<Object[]> rows = new java.util.ArrayList<>();
			org.springframework.transaction.support.TransactionSynchronizationManager.bindResource(this, rows);
			org.springframework.transaction.support.TransactionSynchronizationManager
				.registerSynchronization(new org.springframework.transaction.support.TransactionSynchronization() {

					@Override
					public void beforeCommit(boolean readOnly) {
						LogEntries.this.batches.batchUpdate(INSERT, rows);
					}

					@Override
					public void afterCompletion(int status) {
						org.springframework.transaction.support.TransactionSynchronizationManager.unbindResourceIfPossible(LogEntries.this);
					}

				});
			pending = rows;
		}
		pending.add(row);
	}

	static final String INSERT = "INSERT INTO log_entry (event_key, leaf, resident_id, salt, created_at) VALUES (?, ?, ?, ?, ?)";

	/** The person's subject key: HMAC of the resident's id under the log's master key. */
	byte[] subjectKey(UUID residentId) {
		javax.crypto.Mac mac = this.subjectKeys.get();
		return mac.doFinal(residentId.toString().getBytes(StandardCharsets.US_ASCII));
	}


}
