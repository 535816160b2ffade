package org.tsunagu.pki.internal;

import java.math.BigInteger;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Cards and their certificates in {@code card} and {@code card_certificate}. */
@Component
final class JdbcCards {

	private final JdbcClient jdbc;

	private final org.springframework.jdbc.core.JdbcTemplate streaming;

	private final org.springframework.transaction.support.TransactionTemplate readOnly;

	JdbcCards(JdbcClient jdbc, javax.sql.DataSource dataSource,
			org.springframework.transaction.PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		// PostgreSQL streams a result in pages only inside a transaction and with a fetch size
		this.streaming = new org.springframework.jdbc.core.JdbcTemplate(dataSource);
		this.streaming.setFetchSize(10_000);
		this.readOnly = new org.springframework.transaction.support.TransactionTemplate(transactions);
		this.readOnly.setReadOnly(true);
	}

	void createCard(UUID id, UUID residentId, Instant at) {
		this.jdbc.sql("""
				INSERT INTO card (id, resident_id, status, created_at, updated_at)
				VALUES (:id, :resident, 'active', :at, :at)""")
			.param("id", id)
			.param("resident", residentId)
			.param("at", at.atOffset(ZoneOffset.UTC))
			.update();
	}

	void status(UUID id, String status, Instant at) {
		this.jdbc.sql("UPDATE card SET status = :status, updated_at = :at WHERE id = :id")
			.param("status", status)
			.param("at", at.atOffset(ZoneOffset.UTC))
			.param("id", id)
			.update();
	}

	Optional<Card> card(UUID id) {
		return this.jdbc.sql("SELECT id, resident_id, status FROM card WHERE id = :id")
			.param("id", id)
			.query((rs, n) -> new Card(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3)))
			.optional();
	}

	List<Card> cardsOf(UUID residentId) {
		return this.jdbc.sql("SELECT id, resident_id, status FROM card WHERE resident_id = :resident")
			.param("resident", residentId)
			.query((rs, n) -> new Card(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3)))
			.list();
	}

	boolean publicKeyKnown(byte[] hash) {
		return this.jdbc.sql("SELECT COUNT(*) FROM card_certificate WHERE public_key_hash = :hash")
			.param("hash", hash)
			.query(Long.class)
			.single() > 0;
	}

	void saveCertificate(UUID cardId, String kind, String issuer, X509Certificate certificate, byte[] keyHash,
			Instant at) {
		try {
			this.jdbc.sql("""
					INSERT INTO card_certificate (serial, card_id, kind, issuer, not_before, not_after, public_key_hash,
					  der, issued_at)
					VALUES (:serial, :card, :kind, :issuer, :nb, :na, :hash, :der, :at)""")
				.param("serial", hex(certificate.getSerialNumber()))
				.param("card", cardId)
				.param("kind", kind)
				.param("issuer", issuer)
				.param("nb", certificate.getNotBefore().toInstant().atOffset(ZoneOffset.UTC))
				.param("na", certificate.getNotAfter().toInstant().atOffset(ZoneOffset.UTC))
				.param("hash", keyHash)
				.param("der", certificate.getEncoded())
				.param("at", at.atOffset(ZoneOffset.UTC))
				.update();
		}
		catch (CertificateEncodingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The newest certificate of each kind on a card: the card's current pair. */
	List<StoredCertificate> current(UUID cardId) {
		return this.jdbc.sql("""
				SELECT c.serial, c.card_id, c.kind, c.not_after, c.revoked_at, c.revocation_reason, c.der
				FROM card_certificate c
				WHERE c.card_id = :card AND c.issued_at = (SELECT MAX(o.issued_at) FROM card_certificate o
				  WHERE o.card_id = c.card_id AND o.kind = c.kind)
				ORDER BY c.kind""")
			.param("card", cardId)
			.query((rs, n) -> new StoredCertificate(rs.getString(1), rs.getObject(2, UUID.class), rs.getString(3),
					rs.getTimestamp(4).toInstant(),
					rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant(), rs.getString(6), rs.getBytes(7)))
			.list();
	}

	/** Revokes (or holds) a certificate that is not revoked yet; {@code false} when it already was. */
	boolean revoke(String serial, String reason, Instant at) {
		return this.jdbc.sql("""
				UPDATE card_certificate SET revoked_at = :at, revocation_reason = :reason
				WHERE serial = :serial AND revoked_at IS NULL""")
			.param("at", at.atOffset(ZoneOffset.UTC))
			.param("reason", reason)
			.param("serial", serial)
			.update() == 1;
	}

	/** Lifts a hold: only a {@code certificateHold} can be undone. */
	boolean release(String serial) {
		return this.jdbc.sql("""
				UPDATE card_certificate SET revoked_at = NULL, revocation_reason = NULL
				WHERE serial = :serial AND revocation_reason = 'certificateHold'""")
			.param("serial", serial)
			.update() == 1;
	}

	/** The card a certificate belongs to, with the certificate's kind; empty when this issuer never issued it. */
	Optional<Holder> holder(String issuer, String serial) {
		return this.jdbc.sql("""
				SELECT c.kind, k.id, k.resident_id, k.status, c.revoked_at, c.revocation_reason
				FROM card_certificate c JOIN card k ON k.id = c.card_id
				WHERE c.issuer = :issuer AND c.serial = :serial""")
			.param("issuer", issuer)
			.param("serial", serial)
			.query((rs, n) -> new Holder(rs.getString(1), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
					rs.getString(4), new Status(rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant(),
							rs.getString(6))))
			.optional();
	}

	/** A certificate's status, for OCSP; empty when this issuer never issued the serial. */
	Optional<Status> status(String issuer, String serial) {
		return this.jdbc.sql("""
				SELECT revoked_at, revocation_reason FROM card_certificate WHERE issuer = :issuer AND serial = :serial""")
			.param("issuer", issuer)
			.param("serial", serial)
			.query((rs, n) -> new Status(rs.getTimestamp(1) == null ? null : rs.getTimestamp(1).toInstant(),
					rs.getString(2)))
			.optional();
	}

	/** Streams every revoked certificate of an issuer that has not expired, for the CRL, a page at a time. */
	void forEachRevoked(String issuer, Instant now, java.util.function.Consumer<Revoked> action) {
		this.readOnly.executeWithoutResult((tx) -> this.streaming.query("""
				SELECT serial, revoked_at, revocation_reason FROM card_certificate
				WHERE issuer = ? AND revoked_at IS NOT NULL AND not_after > ?""", (rs) -> {
			action.accept(new Revoked(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getString(3)));
		}, issuer, java.sql.Timestamp.from(now)));
	}

	static String hex(BigInteger serial) {
		return serial.toString(16).toUpperCase(java.util.Locale.ROOT);
	}

	record Card(UUID id, UUID residentId, String status) {
	}

	record StoredCertificate(String serial, UUID cardId, String kind, Instant notAfter, Instant revokedAt,
			String reason, byte[] der) {
	}

	/** A certificate's card and holder, and the certificate's status as the OCSP responder answers it. */
	record Holder(String kind, UUID cardId, UUID residentId, String cardStatus, Status certificateStatus) {
	}

	record Status(Instant revokedAt, String reason) {
	}

	record Revoked(String serial, Instant revokedAt, String reason) {
	}

}
