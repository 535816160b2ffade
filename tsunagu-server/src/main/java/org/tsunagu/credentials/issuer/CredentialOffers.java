package org.tsunagu.credentials.issuer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.tsunagu.oidc.PreAuthorizedCodes;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriUtils;

/**
 * Credential offers with the pre-authorized code grant (OpenID4VCI section 4.1): a 256-bit code in the offer,
 * and a six-digit transaction code shown to the person apart from it, so that a photographed QR code alone takes
 * nothing. Only the codes' SHA-256 is kept. An offer lives {@link #LIFETIME}, is redeemed once, and dies after
 * {@link #MAX_TRIES} wrong transaction codes.
 */
@Component
class CredentialOffers implements PreAuthorizedCodes {

	static final Duration LIFETIME = Duration.ofMinutes(10);

	static final int MAX_TRIES = 5;

	private static final SecureRandom RANDOM = new SecureRandom();

	private final JdbcClient jdbc;

	private final Clock clock;

	CredentialOffers(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/** A new offer: what goes to the wallet (the offer and its URI) and, apart, the transaction code. */
	record Created(String id, Map<String, Object> offer, String txCode, Instant expiresAt) {
	}

	Created create(String issuer, UUID residentId, String method, String level, Instant signedInAt,
			List<String> configurations) {
		Instant now = this.clock.instant();
		String id = random(16);
		String code = random(32);
		String txCode = String.format("%06d", RANDOM.nextInt(1_000_000));
		this.jdbc.sql("""
				INSERT INTO credential_offer (id, resident_id, configurations, code_hash, tx_code_hash, failed_tries,
				  sign_in_method, sign_in_level, signed_in_at, created_at, expires_at)
				VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?)""")
			.params(id, residentId, String.join(" ", configurations), sha256(code), sha256(code + ":" + txCode), method,
					level, Timestamp.from(signedInAt), Timestamp.from(now), Timestamp.from(now.plus(LIFETIME)))
			.update();
		Map<String, Object> txCodeShape = new LinkedHashMap<>();
		txCodeShape.put("input_mode", "numeric");
		txCodeShape.put("length", 6);
		txCodeShape.put("description", "Enter the 6-digit code shown beside the QR code / QRコードの横に表示された6桁の番号を入力してください");
		Map<String, Object> offer = new LinkedHashMap<>();
		offer.put("credential_issuer", issuer);
		offer.put("credential_configuration_ids", configurations);
		offer.put("grants", Map.of(GRANT, Map.of("pre-authorized_code", code, "tx_code", txCodeShape)));
		return new Created(id, offer, txCode, now.plus(LIFETIME));
	}

	/** The offer by value in an {@code openid-credential-offer://} URI. */
	static String uri(String offerJson) {
		return "openid-credential-offer://?credential_offer=" + UriUtils.encodeQueryParam(offerJson, StandardCharsets.UTF_8);
	}

	@Override
	public Redeemed redeem(String code, String txCode) {
		Instant now = this.clock.instant();
		String codeHash = sha256(code);
		int redeemed = this.jdbc.sql("""
				UPDATE credential_offer SET ended_at = ?, end_reason = 'redeemed'
				WHERE code_hash = ? AND tx_code_hash = ? AND ended_at IS NULL AND expires_at > ?""")
			.params(Timestamp.from(now), codeHash, sha256(code + ":" + (txCode == null ? "" : txCode)), Timestamp.from(now))
			.update();
		if (redeemed == 1) {
			return this.jdbc.sql("""
					SELECT resident_id, sign_in_method, sign_in_level, signed_in_at, configurations
					FROM credential_offer WHERE code_hash = ?""")
				.param(codeHash)
				.query((rs, n) -> new Redeemed(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
						rs.getTimestamp(4).toInstant(), Arrays.asList(rs.getString(5).split(" "))))
				.single();
		}
		// a wrong transaction code counts against a live offer; the fifth ends it
		int counted = this.jdbc.sql("""
				UPDATE credential_offer SET failed_tries = failed_tries + 1,
				  ended_at = CASE WHEN failed_tries + 1 >= ? THEN CAST(? AS TIMESTAMP WITH TIME ZONE) ELSE NULL END,
				  end_reason = CASE WHEN failed_tries + 1 >= ? THEN 'tx-code' ELSE NULL END
				WHERE code_hash = ? AND ended_at IS NULL AND expires_at > ?""")
			.params(MAX_TRIES, Timestamp.from(now), MAX_TRIES, codeHash, Timestamp.from(now))
			.update();
		if (counted == 1) {
			throw new Refused(txCode == null ? "This offer needs the transaction code (tx_code) shown with it."
					: "The transaction code is wrong; after " + MAX_TRIES + " wrong codes the offer ends.");
		}
		throw new Refused("The pre-authorized code is unknown, used, expired, or its offer ended.");
	}

	/** Removes offers ended or expired a day ago. */
	void purge(Instant now) {
		this.jdbc.sql("DELETE FROM credential_offer WHERE expires_at < ?").param(Timestamp.from(now.minus(Duration.ofDays(1)))).update();
	}

	static String random(int bytes) {
		byte[] value = new byte[bytes];
		RANDOM.nextBytes(value);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
	}

	static String sha256(String value) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
