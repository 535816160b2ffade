package org.tsunagu.portal.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * After {@value #PER_MINUTE} refused console sign-ins from one address, no more tries for the rest of the minute:
 * an operator credential cannot be guessed through the console's form. At most {@value #MAX_ADDRESSES} addresses
 * are remembered; past that the one seen least recently goes, never all of them at once, so that a guesser cannot
 * clear its own count by trying from many others.
 */
final class ConsoleSignInAttempts {

	static final int PER_MINUTE = 10;

	static final int MAX_ADDRESSES = 10_000;

	private static final Duration WINDOW = Duration.ofSeconds(60);

	private final Clock clock;

	private final Map<String, Window> windows = new LinkedHashMap<>(256, 0.75f, true) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
			return size() > MAX_ADDRESSES;
		}

	};

	ConsoleSignInAttempts(Clock clock) {
		this.clock = clock;
	}

	private record Window(Instant start, int refused) {

		boolean current(Instant now) {
			return !now.isBefore(this.start) && now.isBefore(this.start.plus(WINDOW));
		}

	}

	/** Empty when the address may try; otherwise how long until it may again. */
	Optional<Duration> wait(String address) {
		Instant now = this.clock.instant();
		Window window;
		synchronized (this.windows) {
			window = this.windows.get(address);
		}
		if (window == null || !window.current(now) || window.refused() < PER_MINUTE) {
			return Optional.empty();
		}
		return Optional.of(Duration.between(now, window.start().plus(WINDOW)));
	}

	/** A sign-in that worked starts the count again. */
	void succeeded(String address) {
		synchronized (this.windows) {
			this.windows.remove(address);
		}
	}

	void refused(String address) {
		Instant now = this.clock.instant();
		synchronized (this.windows) {
			this.windows.compute(address, (key, seen) -> seen == null || !seen.current(now) ? new Window(now, 1)
					: new Window(seen.start(), seen.refused() + 1));
		}
	}

}
