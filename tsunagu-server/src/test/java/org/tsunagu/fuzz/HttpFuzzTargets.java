package org.tsunagu.fuzz;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Every HTTP fuzz target behind one fuzzer, so that the short run in CI starts the server once: the first byte of an
 * input chooses the target (its place among the targets marked {@code http} in src/test/fuzz/targets), the rest is that
 * target's input. {@code bin/fuzz} builds this target's corpus from theirs, each seed prefixed with its target's byte.
 */
public final class HttpFuzzTargets {

	private static final List<MethodHandle> TARGETS = new ArrayList<>();

	private static final List<String> NAMES = new ArrayList<>();

	private static long[] counts = new long[0];

	private HttpFuzzTargets() {
	}

	/** The HTTP targets' class names, in the order their first byte chooses them. */
	public static List<String> names(Path targetsFile) throws IOException {
		return Files.readAllLines(targetsFile)
			.stream()
			.map(String::strip)
			.filter(line -> !line.startsWith("#") && line.endsWith(" http"))
			.map(line -> line.substring(0, line.indexOf(' ')))
			.toList();
	}

	public static void fuzzerInitialize() throws Exception {
		for (String name : names(Path.of("src/test/fuzz/targets"))) {
			Class<?> target = Class.forName(name);
			try {
				target.getMethod("fuzzerInitialize").invoke(null);
			}
			catch (NoSuchMethodException ex) {
				// a target without its own set-up
			}
			NAMES.add(target.getSimpleName());
			TARGETS.add(MethodHandles.publicLookup()
				.findStatic(target, "fuzzerTestOneInput", MethodType.methodType(void.class, byte[].class)));
		}
		counts = new long[TARGETS.size()];
	}

	/** Prints how many inputs each target ran, for bin/fuzz's summary. */
	public static void fuzzerTearDown() {
		for (int i = 0; i < NAMES.size(); i++) {
			System.err.println("inputs-per-target: " + NAMES.get(i) + " " + counts[i]);
		}
	}

	public static void fuzzerTestOneInput(byte[] data) throws Throwable {
		if (data.length == 0 || TARGETS.isEmpty()) {
			return;
		}
		int target = (data[0] & 0xff) % TARGETS.size();
		counts[target]++;
		TARGETS.get(target).invokeExact(Arrays.copyOfRange(data, 1, data.length));
	}

}
