package org.tsunagu.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a JFR recording's CPU samples went, for docs/performance.md: each execution sample of the server's request
 * threads (Tomcat's {@code http-nio} workers and virtual threads) charged to a library by the nearest frame outside
 * the JDK's collections, strings and reflection; the methods with the most samples on top of the stack; and,
 * optionally, the stacks folded for a flame graph ({@code --folded FILE}, one line per stack, as flamegraph.pl and
 * speedscope read them).
 * <pre>
 * ./tsunagu-bench/run ProfileSummary /tmp/server.jfr [--top 25] [--folded /tmp/server.folded] [--all-threads true]
 * </pre>
 */
public final class ProfileSummary {

	/** Package prefixes by library, first match wins; frames of none of them are skipped to the next one down. */
	static final Map<String, String> LIBRARIES = new LinkedHashMap<>();

	static {
		LIBRARIES.put("org.tsunagu.", "Tsunagu's own code");
		LIBRARIES.put("org.springframework.security.", "Spring Security and its Authorization Server");
		LIBRARIES.put("org.springframework.", "Spring (web, transactions, JDBC template)");
		LIBRARIES.put("org.apache.catalina.", "Tomcat");
		LIBRARIES.put("org.apache.coyote.", "Tomcat");
		LIBRARIES.put("org.apache.tomcat.", "Tomcat");
		LIBRARIES.put("com.amazon.corretto.crypto.", "cryptography");
		LIBRARIES.put("sun.security.", "cryptography");
		LIBRARIES.put("java.security.", "cryptography");
		LIBRARIES.put("javax.crypto.", "cryptography");
		LIBRARIES.put("com.sun.crypto.", "cryptography");
		LIBRARIES.put("org.bouncycastle.", "cryptography");
		LIBRARIES.put("com.nimbusds.jose.shaded.", "JSON");
		LIBRARIES.put("tools.jackson.", "JSON");
		LIBRARIES.put("com.fasterxml.jackson.", "JSON");
		LIBRARIES.put("com.nimbusds.", "Nimbus JOSE besides JSON");
		LIBRARIES.put("org.postgresql.", "PostgreSQL driver and pool");
		LIBRARIES.put("com.zaxxer.hikari.", "PostgreSQL driver and pool");
		LIBRARIES.put("org.h2.", "H2");
		LIBRARIES.put("java.io.ObjectOutputStream", "Java serialisation");
		LIBRARIES.put("java.io.ObjectInputStream", "Java serialisation");
		LIBRARIES.put("io.micrometer.", "logging and metrics");
		LIBRARIES.put("ch.qos.logback.", "logging and metrics");
		LIBRARIES.put("org.slf4j.", "logging and metrics");
		LIBRARIES.put("sun.nio.", "sockets and I/O");
		LIBRARIES.put("java.net.", "sockets and I/O");
		LIBRARIES.put("java.nio.", "sockets and I/O");
		LIBRARIES.put("java.util.regex.", "regular expressions");
	}

	private ProfileSummary() {
	}

	public static void main(String[] args) throws IOException {
		Path file = Path.of(args[0]);
		Map<String, String> options = RegistryLoad.options(java.util.Arrays.copyOfRange(args, 1, args.length));
		int top = Integer.parseInt(options.getOrDefault("top", "25"));
		Map<String, Integer> byLibrary = new HashMap<>();
		Map<String, Integer> byMethod = new HashMap<>();
		Map<String, Integer> folded = new HashMap<>();
		int samples = 0;
		for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
			if (!event.getEventType().getName().equals("jdk.ExecutionSample")
					|| !options.containsKey("all-threads") && !requestThread(event)) {
				continue;
			}
			RecordedStackTrace stack = event.getStackTrace();
			if (stack == null || stack.getFrames().isEmpty()) {
				continue;
			}
			samples++;
			List<RecordedFrame> frames = stack.getFrames();
			byLibrary.merge(library(frames), 1, Integer::sum);
			byMethod.merge(name(frames.get(0)), 1, Integer::sum);
			if (options.containsKey("folded")) {
				StringBuilder line = new StringBuilder();
				for (int i = frames.size() - 1; i >= 0; i--) {
					line.append(name(frames.get(i))).append(i == 0 ? "" : ";");
				}
				folded.merge(line.toString(), 1, Integer::sum);
			}
		}
		StringBuilder summary = new StringBuilder(String.format("%,d samples on %s%n%n| where | share of samples |%n|---|---|%n",
				samples, options.containsKey("all-threads") ? "all threads" : "the request threads"));
		print(summary, byLibrary, samples, Integer.MAX_VALUE);
		summary.append(String.format("%n| method on top of the stack | share of samples |%n|---|---|%n"));
		print(summary, byMethod, samples, top);
		org.slf4j.LoggerFactory.getLogger("org.tsunagu.bench").info("Where the samples went:\n{}", summary);
		if (options.containsKey("folded")) {
			try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(options.get("folded"))))) {
				folded.forEach((line, count) -> out.println(line + " " + count));
			}
		}
	}

	private static boolean requestThread(RecordedEvent event) {
		var thread = event.getThread("sampledThread");
		String name = thread == null ? null : thread.getJavaName();
		return name == null || name.isEmpty() || name.startsWith("http-nio") || name.startsWith("tomcat-handler");
	}

	/** The library of the nearest frame that belongs to one, else the JDK. */
	static String library(List<RecordedFrame> frames) {
		for (RecordedFrame frame : frames) {
			String type = frame.getMethod().getType().getName();
			for (Map.Entry<String, String> library : LIBRARIES.entrySet()) {
				if (type.startsWith(library.getKey())) {
					return library.getValue();
				}
			}
		}
		return "the JDK (other)";
	}

	private static String name(RecordedFrame frame) {
		return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
	}

	private static void print(StringBuilder summary, Map<String, Integer> counts, int samples, int limit) {
		counts.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()))
			.limit(limit)
			.forEach((e) -> summary.append(String.format("| %s | %.1f %% |%n", e.getKey(), 100.0 * e.getValue() / samples)));
	}

}
