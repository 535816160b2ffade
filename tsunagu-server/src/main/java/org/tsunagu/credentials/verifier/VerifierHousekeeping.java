package org.tsunagu.credentials.verifier;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Clears the private key of every encrypted request that expired unanswered (an answered one loses it at once),
 * and removes requests a month after they expired: the organisation has read its outcome by then.
 */
@Component
class VerifierHousekeeping {

	static final Duration KEPT = Duration.ofDays(30);

	private final JdbcClient jdbc;

	private final Clock clock;

	VerifierHousekeeping(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	@Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT1M")
	void purge() {
		purge(this.clock.instant());
	}

	void purge(Instant now) {
		this.jdbc.sql("UPDATE presentation_request SET response_key = NULL WHERE response_key IS NOT NULL AND expires_at < ?")
			.param(Timestamp.from(now))
			.update();
		this.jdbc.sql("DELETE FROM presentation_request WHERE expires_at < ?").param(Timestamp.from(now.minus(KEPT))).update();
	}

}
