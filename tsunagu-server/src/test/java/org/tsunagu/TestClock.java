package org.tsunagu;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.springframework.boot.test.context.TestComponent;
import org.springframework.context.annotation.Primary;

/**
 * The server's clock in tests: the real time, until a test moves it on (and back), for rules that depend on
 * dates far away, such as renewing a card three months before it expires.
 */
@TestComponent
@Primary
public class TestClock extends Clock {

	private volatile Duration offset = Duration.ZERO;

	public void advance(Duration by) {
		this.offset = this.offset.plus(by);
	}

	public void reset() {
		this.offset = Duration.ZERO;
	}

	@Override
	public Instant instant() {
		return Instant.now().plus(this.offset);
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return this;
	}

}
