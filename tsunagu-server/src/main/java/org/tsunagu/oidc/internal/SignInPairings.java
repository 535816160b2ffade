package org.tsunagu.oidc.internal;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.tsunagu.pki.CardAuthentication;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Card sign-in by pairing: the login page shows a short code; the card holder's wallet fetches the challenge for
 * that code, signs it with the card's authentication key, and posts the signature with the certificate; the
 * browser that showed the code (and only that browser) then completes the sign-in. A code lives
 * {@link #LIFETIME}, is approved once, used once, and stops accepting approvals after {@link #MAX_FAILURES} bad
 * ones. Only hashes of the code and of the browser binding are stored.
 */
@Component
class SignInPairings {

	static final Duration LIFETIME = Duration.ofSeconds(120);

	static final int MAX_FAILURES = 3;

	/** Crockford's base32 without I, L, O, U: no two symbols look alike. */
	private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

	static final String SIGNED_PREFIX = "tsunagu-signin-v1";

	private final JdbcClient jdbc;

	private final CardAuthentication cards;

	private final Clock clock;

	private final TransactionTemplate transactions;

	private final SecureRandom random = new SecureRandom();

	SignInPairings(JdbcClient jdbc, CardAuthentication cards, Clock clock, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.cards = cards;
		this.clock = clock;
		this.transactions = transactions;
	}

	/** A new pairing for a browser; {@code binding} is a secret the browser's session holds. */
	Started start(String binding, String clientId) {
		char[] code = new char[8];
		for (int i = 0; i < code.length; i++) {
			code[i] = ALPHABET[this.random.nextInt(ALPHABET.length)];
		}
		String display = new String(code, 0, 4) + "-" + new String(code, 4, 4);
		byte[] challenge = new byte[32];
		this.random.nextBytes(challenge);
		UUID id = UUID.randomUUID();
		Instant now = this.clock.instant();
		this.jdbc.sql("""
				INSERT INTO signin_pairing (id, code_hash, browser_hash, challenge, client_id, created_at, expires_at)
				VALUES (:id, :code, :browser, :challenge, :client, :now, :expires)""")
			.param("id", id)
			.param("code", ProviderKeys.sha256(normalise(display)))
			.param("browser", ProviderKeys.sha256(binding))
			.param("challenge", Base64.getUrlEncoder().withoutPadding().encodeToString(challenge))
			.param("client", clientId)
			.param("now", now.atOffset(ZoneOffset.UTC))
			.param("expires", now.plus(LIFETIME).atOffset(ZoneOffset.UTC))
			.update();
		return new Started(id, display, now.plus(LIFETIME));
	}

	/** What the wallet signs for a live, unapproved code; empty for a code that is unknown, expired or spent. */
	Optional<Challenge> challenge(String code) {
		return live(code).map((p) -> new Challenge(p.challenge(), p.clientId(), p.expiresAt()));
	}

	/**
	 * Approves a code with a card. The signed bytes are {@code tsunagu-signin-v1 LF origin LF code LF challenge}.
	 * @throws CardAuthentication.Refused when the card or the signature does not hold, or the code is not live
	 */
	CardAuthentication.Authenticated approve(String code, String origin, byte[] certificate, byte[] signature) {
		Pairing pairing = live(code)
			.orElseThrow(() -> new CardAuthentication.Refused("unknown_code", "The code is unknown or has expired."));
		byte[] signed = signedBytes(origin, normaliseDisplay(code), pairing.challenge());
		CardAuthentication.Authenticated who;
		try {
			who = this.cards.verify(certificate, signed, signature);
		}
		catch (CardAuthentication.Refused ex) {
			this.jdbc.sql("UPDATE signin_pairing SET failed_attempts = failed_attempts + 1 WHERE id = :id")
				.param("id", pairing.id())
				.update();
			throw ex;
		}
		int updated = this.jdbc.sql("""
				UPDATE signin_pairing SET approved_at = :now, resident_id = :resident, card_serial = :serial
				WHERE id = :id AND approved_at IS NULL AND expires_at > :now AND failed_attempts < :max""")
			.param("now", this.clock.instant().atOffset(ZoneOffset.UTC))
			.param("resident", who.residentId())
			.param("serial", who.certificateSerial())
			.param("id", pairing.id())
			.param("max", MAX_FAILURES)
			.update();
		if (updated != 1) {
			throw new CardAuthentication.Refused("unknown_code", "The code is unknown or has expired.");
		}
		return who;
	}

	/** Where a browser's pairing stands: {@code pending}, {@code approved} or {@code expired}. */
	String state(UUID pairingId, String binding) {
		return find(pairingId, binding).map((p) -> {
			Instant now = this.clock.instant();
			if (p.usedAt() != null || (p.approvedAt() == null && !p.expiresAt().isAfter(now))
					|| (p.approvedAt() != null && !now.isBefore(p.approvedAt().plus(LIFETIME))) || p.failedAttempts() >= MAX_FAILURES) {
				return "expired";
			}
			return p.approvedAt() == null ? "pending" : "approved";
		}).orElse("expired");
	}

	/** Completes an approved pairing for the browser that started it, once; the resident and the card's certificate. */
	Optional<Completed> complete(UUID pairingId, String binding) {
		Instant now = this.clock.instant();
		return this.transactions.execute((tx) -> find(pairingId, binding).filter((p) -> p.approvedAt() != null
				&& p.usedAt() == null && now.isBefore(p.approvedAt().plus(LIFETIME))).flatMap((p) -> {
					int used = this.jdbc.sql("UPDATE signin_pairing SET used_at = :now WHERE id = :id AND used_at IS NULL")
						.param("now", this.clock.instant().atOffset(ZoneOffset.UTC))
						.param("id", p.id())
						.update();
					return used == 1 ? Optional.of(new Completed(p.residentId(), p.cardSerial(), p.approvedAt()))
							: Optional.empty();
				}));
	}

	/** Removes pairings long past use. */
	int purge(java.time.Instant now) {
		return this.jdbc.sql("DELETE FROM signin_pairing WHERE expires_at < :before")
			.param("before", now.minus(Duration.ofHours(1)).atOffset(ZoneOffset.UTC))
			.update();
	}

	static byte[] signedBytes(String origin, String code, String challenge) {
		return (SIGNED_PREFIX + "\n" + origin + "\n" + code + "\n" + challenge).getBytes(StandardCharsets.UTF_8);
	}

	private Optional<Pairing> live(String code) {
		if (code == null || code.length() > 20) {
			return Optional.empty();
		}
		Instant now = this.clock.instant();
		return this.jdbc.sql("""
				SELECT id, challenge, client_id, expires_at, approved_at, used_at, resident_id, card_serial, failed_attempts
				FROM signin_pairing WHERE code_hash = :code""")
			.param("code", ProviderKeys.sha256(normalise(code)))
			.query(SignInPairings::pairing)
			.optional()
			.filter((p) -> p.approvedAt() == null && p.usedAt() == null && p.expiresAt().isAfter(now)
					&& p.failedAttempts() < MAX_FAILURES);
	}

	private Optional<Pairing> find(UUID id, String binding) {
		if (id == null || binding == null) {
			return Optional.empty();
		}
		return this.jdbc.sql("""
				SELECT id, challenge, client_id, expires_at, approved_at, used_at, resident_id, card_serial, failed_attempts
				FROM signin_pairing WHERE id = :id AND browser_hash = :browser""")
			.param("id", id)
			.param("browser", ProviderKeys.sha256(binding))
			.query(SignInPairings::pairing)
			.optional();
	}

	private static Pairing pairing(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
		return new Pairing(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), instant(rs, 4), instant(rs, 5),
				instant(rs, 6), rs.getObject(7, UUID.class), rs.getString(8), rs.getInt(9));
	}

	private static Instant instant(java.sql.ResultSet rs, int column) throws java.sql.SQLException {
		java.sql.Timestamp t = rs.getTimestamp(column);
		return t == null ? null : t.toInstant();
	}

	/** Upper case, without separators or spaces: what people type is what the page showed. */
	static String normalise(String code) {
		return code.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
	}

	private static String normaliseDisplay(String code) {
		String plain = normalise(code);
		return plain.length() == 8 ? plain.substring(0, 4) + "-" + plain.substring(4) : plain;
	}

	record Started(UUID id, String code, Instant expiresAt) {
	}

	record Challenge(String challenge, String clientId, Instant expiresAt) {
	}

	record Completed(UUID residentId, String cardSerial, Instant approvedAt) {
	}

	private record Pairing(UUID id, String challenge, String clientId, Instant expiresAt, Instant approvedAt,
			Instant usedAt, UUID residentId, String cardSerial, int failedAttempts) {
	}

}
