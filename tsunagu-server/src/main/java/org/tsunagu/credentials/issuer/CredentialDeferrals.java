package org.tsunagu.credentials.issuer;

import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.nimbusds.jose.jwk.ECKey;
import org.tsunagu.platform.StrictJson;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Credentials asked for while an operator corrects a fact they carry (OpenID4VCI section 9): kept by the SHA-256
 * of a random transaction id, with the public holder keys the wallet proved, until the wallet fetches them from the
 * deferred credential endpoint after the correction is closed. Each is delivered once.
 *
 * @see <a href="https://openid.net/specs/openid-4-verifiable-credential-issuance-1_0.html#section-9">OpenID4VCI
 *     1.0, section 9</a>
 */
@Component
class CredentialDeferrals {

	/** How long a wallet may come back for a deferred credential. */
	static final Duration LIFETIME = Duration.ofDays(30);

	/** How long a wallet waits between two asks (OpenID4VCI's {@code interval}, in seconds). */
	static final int INTERVAL = 900;

	private static final JsonMapper JSON = StrictJson.mapper();

	private final JdbcClient jdbc;

	private final Clock clock;

	CredentialDeferrals(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/** A pending issuance: whose, which configuration, to which holder keys. */
	record Pending(UUID residentId, String configuration, List<ECKey> holderKeys) {
	}

	/** Keeps a deferral; answers its transaction id, which only the wallet holds. */
	String defer(UUID residentId, String configuration, List<ECKey> holderKeys) {
		String transactionId = CredentialOffers.random(32);
		List<Map<String, Object>> keys = holderKeys.stream().map((k) -> k.toPublicJWK().toJSONObject()).toList();
		Instant now = this.clock.instant();
		this.jdbc.sql("""
				INSERT INTO credential_deferral (transaction_hash, resident_id, configuration, holder_keys, created_at,
				  expires_at) VALUES (?, ?, ?, ?, ?, ?)""")
			.params(CredentialOffers.sha256(transactionId), residentId, configuration, JSON.writeValueAsString(keys),
					Timestamp.from(now), Timestamp.from(now.plus(LIFETIME)))
			.update();
		return transactionId;
	}

	/** Whether a live, undelivered deferral of this configuration waits for the person: one at a time. */
	boolean waiting(UUID residentId, String configuration) {
		return this.jdbc.sql("""
				SELECT COUNT(*) FROM credential_deferral WHERE resident_id = ? AND configuration = ? AND delivered_at IS NULL
				  AND expires_at > ?""")
			.params(residentId, configuration, Timestamp.from(this.clock.instant()))
			.query(Long.class)
			.single() > 0;
	}

	/** The live, undelivered deferral of that transaction id, locked until the transaction ends. */
	Optional<Pending> pending(String transactionId) {
		return this.jdbc.sql("""
				SELECT resident_id, configuration, holder_keys FROM credential_deferral
				WHERE transaction_hash = ? AND delivered_at IS NULL AND expires_at > ? FOR UPDATE""")
			.params(CredentialOffers.sha256(transactionId), Timestamp.from(this.clock.instant()))
			.query((rs, n) -> new Pending(rs.getObject("resident_id", UUID.class), rs.getString("configuration"),
					keys(rs.getString("holder_keys"))))
			.optional();
	}

	void delivered(String transactionId) {
		this.jdbc.sql("UPDATE credential_deferral SET delivered_at = ? WHERE transaction_hash = ?")
			.params(Timestamp.from(this.clock.instant()), CredentialOffers.sha256(transactionId))
			.update();
	}

	void purge(Instant now) {
		this.jdbc.sql("DELETE FROM credential_deferral WHERE expires_at < ?").param(Timestamp.from(now)).update();
	}

	private static List<ECKey> keys(String json) {
		List<ECKey> keys = new ArrayList<>();
		for (Object jwk : JSON.readValue(json, List.class)) {
			try {
				keys.add(ECKey.parse(JSON.writeValueAsString(jwk)));
			}
			catch (ParseException ex) {
				throw new IllegalStateException("A deferral's holder key does not parse", ex);
			}
		}
		return keys;
	}

}
