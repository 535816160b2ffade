package org.tsunagu.fuzz;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bounds every fuzz target holds each input to, besides its own rule on what it may answer: an input may take at
 * most a second and allocate at most 64 MiB on the thread that handles it. The first inputs of a run are spared both
 * bounds while classes load (and, under the fuzzer, are instrumented) and the JIT compiles, and so is, from the
 * time bound, any later input during which classes were loaded; the fuzzer's own limits (10 s an input, 4 GiB
 * resident) hold from the first.
 */
public final class FuzzBounds {

	static final long MAX_NANOS = 1_000_000_000L;

	static final long MAX_BYTES = 64L * 1024 * 1024;

	static final long WARM_UP_INPUTS = 50;

	private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory
		.getThreadMXBean();

	private static final java.lang.management.ClassLoadingMXBean CLASSES = ManagementFactory.getClassLoadingMXBean();

	private static final AtomicLong INPUTS = new AtomicLong();

	private FuzzBounds() {
	}

	/** One input's work, which may throw only what its target documents as a refusal (anything else is a finding). */
	@FunctionalInterface
	public interface Input {

		void run() throws Exception;

	}

	/** Runs one input and fails it when it takes too long or allocates too much; exceptions pass through. */
	public static void check(Input input) throws Exception {
		long count = INPUTS.incrementAndGet();
		long bytes = THREADS.getCurrentThreadAllocatedBytes();
		long classes = CLASSES.getTotalLoadedClassCount();
		long start = System.nanoTime();
		input.run();
		long nanos = System.nanoTime() - start;
		long allocated = THREADS.getCurrentThreadAllocatedBytes() - bytes;
		if (count > WARM_UP_INPUTS && allocated > MAX_BYTES) {
			throw new FuzzFinding("one input allocated " + allocated / (1024 * 1024) + " MiB (bound: 64 MiB)");
		}
		// an input that took a path no input took before loaded (and, under the fuzzer, instrumented) classes on the
		// way, which is slow once: its time is not the path's; the next input that takes the path is held to the bound
		boolean loaded = CLASSES.getTotalLoadedClassCount() != classes;
		if (count > WARM_UP_INPUTS && nanos > MAX_NANOS && !loaded) {
			throw new FuzzFinding("one input took " + nanos / 1_000_000 + " ms (bound: 1 s)");
		}
	}

	/** What a target found: an answer or a failure its rule does not allow. */
	public static final class FuzzFinding extends RuntimeException {

		public FuzzFinding(String message) {
			super(message);
		}

	}

}
