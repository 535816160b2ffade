package org.tsunagu.portal.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * After {@value #PER_MINUTE} refused console sign-ins from one address, no more tries for the rest of the minute:
 * an operator credential cannot be guessed through the console's form.
 */
final class ConsoleSignInAttempts {

	static final int PER_MINUTE = 10;

	private final Clock clock;

	private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

	ConsoleSignInAttempts(Clock clock) {
		this.clock = clock;
	}

	private record Window(Instant start, int refused) {

		boolean current(Instant now) {
			return !now.isBefore(this.start) && now.isBefore(this.start.plusSeconds(60));
		}

	}

	boolean allow(String address) {
		Window window = this.windows.get(address);
		return window == null || !window.current(this.clock.instant()) || window.refused() < PER_MINUTE;
	}

	/** A sign-in that worked starts the count again. */
	void succeeded(String address) {
		this.windows.remove(address);
	}

	void refused(String address) {
		Instant now = this.clock.instant();
		if (this.windows.size() > 10_000) {
			this.windows.clear();
		}
		this.windows.compute(address, (key, seen) -> seen == null || !seen.current(now) ? new Window(now, 1)
				: new Window(seen.start(), seen.refused() + 1));
	}

}
