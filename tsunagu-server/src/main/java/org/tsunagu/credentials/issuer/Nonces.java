package org.tsunagu.credentials.issuer;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The nonce endpoint's nonces ({@code c_nonce}, OpenID4VCI section 7): 256 bits, kept as SHA-256 in the database so
 * that any node takes them, each accepted in one credential request within {@link #LIFETIME}.
 */
@Component
class Nonces {

	static final Duration LIFETIME = Duration.ofMinutes(5);

	private final JdbcClient jdbc;

	private final Clock clock;

	Nonces(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	String issue() {
		String nonce = CredentialOffers.random(32);
		this.jdbc.sql("INSERT INTO credential_nonce (nonce_hash, expires_at) VALUES (?, ?)")
			.params(CredentialOffers.sha256(nonce), Timestamp.from(this.clock.instant().plus(LIFETIME)))
			.update();
		return nonce;
	}

	/** Whether the nonce was live; it is not any more. */
	boolean consume(String nonce) {
		return this.jdbc.sql("DELETE FROM credential_nonce WHERE nonce_hash = ? AND expires_at > ?")
			.params(CredentialOffers.sha256(nonce), Timestamp.from(this.clock.instant()))
			.update() == 1;
	}

	void purge(Instant now) {
		this.jdbc.sql("DELETE FROM credential_nonce WHERE expires_at < ?").param(Timestamp.from(now)).update();
	}

}
