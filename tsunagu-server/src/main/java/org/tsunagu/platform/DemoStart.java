package org.tsunagu.platform;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The demo data's later steps wait for earlier ones (the population is imported in the background): look for what
 * a step needs every 250 ms, for two minutes, on a daemon thread, then run the step once, or run {@code gaveUp}.
 */
public final class DemoStart {

	private DemoStart() {
	}

	/**
	 * A setting that is {@code true}, {@code false} or {@code auto}: {@code auto} is on with the embedded database
	 * (H2), where a new user runs the demo, and off on any other (PostgreSQL in production).
	 */
	public static boolean onEmbedded(String setting, String databaseUrl) {
		return "auto".equals(setting) ? databaseUrl.startsWith("jdbc:h2:") : Boolean.parseBoolean(setting);
	}

	public static <T> void when(String name, Supplier<Optional<T>> ready, Consumer<T> step, Runnable gaveUp) {
		ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(
				Thread.ofPlatform().name(name).daemon().factory());
		Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
		poller.scheduleWithFixedDelay(() -> {
			Optional<T> found = ready.get();
			if (found.isPresent()) {
				poller.shutdown();
				step.accept(found.get());
			}
			else if (Instant.now().isAfter(deadline)) {
				poller.shutdown();
				gaveUp.run();
			}
		}, 0, 250, TimeUnit.MILLISECONDS);
	}

}
