package org.tsunagu.credentials.verifier;

import java.time.Clock;
import java.time.Instant;

import org.springframework.jdbc.core.simple.JdbcClient;

/** The verifier's housekeeping, run at a chosen instant from tests of other packages. */
public final class TestVerifierHousekeeping {

	private final VerifierHousekeeping housekeeping;

	public TestVerifierHousekeeping(JdbcClient jdbc) {
		this.housekeeping = new VerifierHousekeeping(jdbc, Clock.systemUTC());
	}

	public void purgeAt(Instant now) {
		this.housekeeping.purge(now);
	}

}
