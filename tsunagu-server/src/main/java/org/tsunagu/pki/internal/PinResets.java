package org.tsunagu.pki.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.tsunagu.platform.ApiProblem;
import org.tsunagu.platform.Violations;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The operator side of a locked PIN: a one-time reset code (10 characters from a 32-letter alphabet, 50 bits),
 * valid for 15 minutes, that the wallet redeems once to restore its retry counter. Only the code's hash is stored.
 */
@Service
public final class PinResets {

	static final Duration VALIDITY = Duration.ofMinutes(15);

	private static final char[] ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();

	private static final Set<String> SLOTS = Set.of("auth", "sign");

	private final JdbcClient jdbc;

	private final JdbcCards cards;

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	PinResets(JdbcClient jdbc, JdbcCards cards, Clock clock) {
		this.jdbc = jdbc;
		this.cards = cards;
		this.clock = clock;
	}

	/** Issues a code for a card's PIN slot ({@code auth} or {@code sign}); the code is shown only in this answer. */
	public Map<String, Object> issue(UUID cardId, String slot) {
		checkSlot(slot);
		JdbcCards.Card card = this.cards.card(cardId).orElseThrow(() -> ApiProblem.notFound("The card"));
		if (card.status().equals("revoked")) {
			throw ApiProblem.of(HttpStatus.CONFLICT, "card-revoked", "Card revoked", "A revoked card's PIN is not reset.");
		}
		char[] code = new char[10];
		for (int i = 0; i < code.length; i++) {
			code[i] = ALPHABET[this.random.nextInt(ALPHABET.length)];
		}
		Instant expires = this.clock.instant().plus(VALIDITY);
		this.jdbc.sql("INSERT INTO card_pin_reset (code_hash, card_id, slot, expires_at) VALUES (:hash, :card, :slot, :exp)")
			.param("hash", hash(cardId, new String(code)))
			.param("card", cardId)
			.param("slot", slot)
			.param("exp", expires.atOffset(ZoneOffset.UTC))
			.update();
		return Map.of("code", new String(code), "slot", slot, "expiresAt", expires.toString());
	}

	/** Redeems a code once; refuses a wrong, used or expired one. */
	public void redeem(UUID cardId, String slot, String code) {
		checkSlot(slot);
		if (code == null || code.length() != 10) {
			throw invalid();
		}
		int used = this.jdbc.sql("""
				UPDATE card_pin_reset SET used_at = :now
				WHERE code_hash = :hash AND card_id = :card AND slot = :slot AND used_at IS NULL AND expires_at > :now""")
			.param("now", this.clock.instant().atOffset(ZoneOffset.UTC))
			.param("hash", hash(cardId, code.toUpperCase(java.util.Locale.ROOT)))
			.param("card", cardId)
			.param("slot", slot)
			.update();
		if (used != 1) {
			throw invalid();
		}
	}

	private static void checkSlot(String slot) {
		if (slot == null || !SLOTS.contains(slot)) {
			Violations v = new Violations();
			v.add("/slot", "The slot is auth or sign.");
			v.throwIfAny();
		}
	}

	private static ApiProblem invalid() {
		return ApiProblem.of(HttpStatus.FORBIDDEN, "invalid-reset-code", "Reset code not accepted",
				"The code is wrong, used already, or expired; ask the municipality for a new one.");
	}

	private static byte[] hash(UUID cardId, String code) {
		try {
			return MessageDigest.getInstance("SHA-256").digest((cardId + ":" + code).getBytes(StandardCharsets.US_ASCII));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
