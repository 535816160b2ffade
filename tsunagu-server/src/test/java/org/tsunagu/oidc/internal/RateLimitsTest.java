package org.tsunagu.oidc.internal;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.tsunagu.TestClock;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitsTest {

	@Test
	void approvalsWhenBurstIsUsedUpThenRefusedUntilTheBucketRefills() {
		TestClock clock = new TestClock();
		RateLimits limits = new RateLimits(clock, 1);
		for (int i = 0; i < 10; i++) {
			assertThat(limits.allow("approval", "192.0.2.7")).isTrue();
		}
		assertThat(limits.allow("approval", "192.0.2.7")).isFalse();
		assertThat(limits.allow("approval", "192.0.2.8")).as("another address has its own bucket").isTrue();
		clock.advance(Duration.ofSeconds(2));
		assertThat(limits.allow("approval", "192.0.2.7")).as("30 a minute: one more after 2 s").isTrue();
		assertThat(limits.allow("approval", "192.0.2.7")).isFalse();
	}

	@Test
	void signInPagesWhenGuessedThenLimited() {
		RateLimits limits = new RateLimits(new TestClock(), 1);
		int allowed = 0;
		for (int i = 0; i < 100; i++) {
			allowed += limits.allow("signin", "198.51.100.1") ? 1 : 0;
		}
		assertThat(allowed).isEqualTo(20);
	}

}
