package org.tsunagu.platform;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.tsunagu.TestClock;
import org.tsunagu.platform.RateLimits.Rate;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RateLimitsTest {

	private static final Rate APPROVAL = new Rate("approval", 30, 10);

	@Test
	@DisplayName("a burst used up is refused, with the wait until the next request, until the bucket refills")
	void takeWhenBurstIsUsedUpThenRefusedWithTheWaitUntilTheBucketRefills() {
		TestClock clock = new TestClock();
		RateLimits limits = new RateLimits(clock, 1);
		for (int i = 0; i < 10; i++) {
			assertThat(limits.take(APPROVAL, "192.0.2.7")).isEmpty();
		}
		Optional<Duration> wait = limits.take(APPROVAL, "192.0.2.7");
		assertThat(wait).as("30 a minute: the next in about 2 s").hasValueSatisfying(
				(w) -> assertThat(w).isBetween(Duration.ofMillis(1_900), Duration.ofMillis(2_000)));
		assertThat(RateLimits.retryAfter(wait.get())).isEqualTo("2");
		assertThat(limits.take(APPROVAL, "192.0.2.8")).as("another address has its own bucket").isEmpty();
		clock.advance(Duration.ofSeconds(2));
		assertThat(limits.take(APPROVAL, "192.0.2.7")).isEmpty();
		assertThat(limits.take(APPROVAL, "192.0.2.7")).isPresent();
	}

	@Test
	@DisplayName("peeking takes nothing: it tells only whether a caller's allowance is spent")
	void peekWhenAllowanceLeftThenEmptyAndNothingTaken() {
		RateLimits limits = new RateLimits(new TestClock(), 1);
		assertThat(limits.peek(APPROVAL, "192.0.2.9")).as("a caller never seen").isEmpty();
		for (int i = 0; i < 100; i++) {
			assertThat(limits.peek(APPROVAL, "192.0.2.9")).isEmpty();
		}
		for (int i = 0; i < 10; i++) {
			assertThat(limits.take(APPROVAL, "192.0.2.9")).as("the whole burst is still there").isEmpty();
		}
		assertThat(limits.peek(APPROVAL, "192.0.2.9")).isPresent();
	}

	@Test
	@DisplayName("sign-in pages: 20 at once from one address, then refused")
	void takeWhenGuessedThenLimitedToTheBurst() {
		RateLimits limits = new RateLimits(new TestClock(), 1);
		int allowed = 0;
		for (int i = 0; i < 100; i++) {
			allowed += limits.take(new Rate("signin", 60, 20), "198.51.100.1").isEmpty() ? 1 : 0;
		}
		assertThat(allowed).isEqualTo(20);
	}

	@Test
	@DisplayName("the scale multiplies rate and burst")
	void takeWhenScaledThenTheBurstIsScaled() {
		RateLimits limits = new RateLimits(new TestClock(), 3);
		int allowed = 0;
		for (int i = 0; i < 100; i++) {
			allowed += limits.take(APPROVAL, "198.51.100.1").isEmpty() ? 1 : 0;
		}
		assertThat(allowed).isEqualTo(30);
	}

	@Test
	@DisplayName("callers from more addresses than remembered push out the least recent one, never everyone's count")
	void takeWhenMoreCallersThanRememberedThenALimitedCallerStaysLimited() {
		RateLimits limits = new RateLimits(new TestClock(), 1);
		while (limits.take(APPROVAL, "203.0.113.9").isEmpty()) {
			// the guesser uses up its burst
		}
		for (int i = 0; i < RateLimits.MAX_KEYS + 10; i++) {
			limits.take(APPROVAL, "2001:db8::" + Integer.toHexString(i));
			if (i % 10_000 == 0) {
				assertThat(limits.take(APPROVAL, "203.0.113.9")).as("still refused after %d others", i).isPresent();
			}
		}
		assertThat(limits.take(APPROVAL, "203.0.113.9")).isPresent();
	}

	@Test
	@DisplayName("the caller is the IPv4 address, or the IPv6 /64 a subscriber rotates within")
	void callerWhenIpv6ThenItsSlash64() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setRemoteAddr("2001:db8:1:2:3:4:5:6");
		String first = RateLimits.caller(request);
		request.setRemoteAddr("2001:db8:1:2:ffff:ffff:ffff:1");
		assertThat(RateLimits.caller(request)).isEqualTo(first).isEqualTo("2001:db8:1:2::/64");
		request.setRemoteAddr("2001:db8:1:3::1");
		assertThat(RateLimits.caller(request)).isNotEqualTo(first);
		request.setRemoteAddr("192.0.2.7");
		assertThat(RateLimits.caller(request)).isEqualTo("192.0.2.7");
	}

	@Test
	@DisplayName("Retry-After is whole seconds, rounded up, at least one")
	void retryAfterWhenAPartSecondThenRoundedUp() {
		assertThat(RateLimits.retryAfter(Duration.ZERO)).isEqualTo("1");
		assertThat(RateLimits.retryAfter(Duration.ofMillis(1_001))).isEqualTo("2");
		assertThat(RateLimits.retryAfter(Duration.ofSeconds(60))).isEqualTo("60");
	}

	@Test
	@DisplayName("a rate needs a purpose and at least one request")
	void rateWhenEmptyThenRefused() {
		assertThatThrownBy(() -> new Rate("x", 0, 1)).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> new Rate(" ", 1, 1)).isInstanceOf(IllegalArgumentException.class);
	}

}
