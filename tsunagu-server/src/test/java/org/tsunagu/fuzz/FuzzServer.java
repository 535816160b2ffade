package org.tsunagu.fuzz;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

import org.tsunagu.TestEnvironment;
import org.tsunagu.TsunaguApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole server for HTTP fuzz targets, started once per process on a random port (embedded H2, or PostgreSQL when
 * {@code TSUNAGU_DB_URL} names it, as in the tests), with the demo data, and the rule every HTTP target shares: an
 * answer below 500, no stack trace in it, and a refused request (4xx) writes nothing but what
 * {@link #send(HttpRequest.Builder, Set)} is told it may; the server's thread allocates at most 64 MiB for one request
 * (as {@link FuzzBounds} holds a parser's).
 */
public final class FuzzServer {

	private static final Pattern STACK_TRACE = Pattern
		.compile("(\\bat [a-z][\\w$]*(\\.[\\w$]+)+\\([\\w$]*\\.java:\\d+\\))|(\\b[a-z]+(\\.[a-z]+)+\\.\\w*Exception\\b)");

	private static final java.lang.management.ClassLoadingMXBean CLASSES = java.lang.management.ManagementFactory
		.getClassLoadingMXBean();

	/** {@code -Dfuzz.trace=true}: each answer's status and start on standard error, to see where seeds get. */
	private static final boolean TRACE = Boolean.getBoolean("fuzz.trace");

	private static FuzzServer server;

	public final ConfigurableApplicationContext context;

	public final String base;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private FuzzServer(ConfigurableApplicationContext context) {
		this.context = context;
		this.base = "http://localhost:" + context.getEnvironment().getProperty("local.server.port");
	}

	/** The server, started on first use. */
	public static synchronized FuzzServer get() {
		if (server == null) {
			ConfigurableApplicationContext context = new SpringApplicationBuilder(TsunaguApplication.class,
					FuzzWrites.class)
				.initializers(new TestEnvironment())
				.run("--server.port=0", "--tsunagu.test.demo=true");
			server = new FuzzServer(context);
			Runtime.getRuntime().addShutdownHook(new Thread(context::close));
		}
		return server;
	}

	/** Sends one fuzzed request and holds its answer to the rule; returns the answer for the target's own rule. */
	public HttpResponse<String> send(HttpRequest.Builder request, Set<String> mayWrite) throws Exception {
		return send(call(request), mayWrite);
	}

	/** A request as a call, sent by the server's fuzzing client. */
	public Call call(HttpRequest.Builder request) {
		return () -> this.http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
	}

	/** A request sent by a client of its own (a wallet's, which proves its key with each call). */
	@FunctionalInterface
	public interface Call {

		HttpResponse<String> send() throws Exception;

	}

	/** Makes one fuzzed call and holds its answer to the rule, as {@link #send(HttpRequest.Builder, Set)} does. */
	public HttpResponse<String> send(Call call, Set<String> mayWrite) throws Exception {
		FuzzWrites.WRITES.clear();
		FuzzWrites.allocated = 0;
		long classes = CLASSES.getTotalLoadedClassCount();
		HttpResponse<String> answer = call.send();
		if (FuzzWrites.allocated > FuzzBounds.MAX_BYTES && CLASSES.getTotalLoadedClassCount() == classes) {
			throw new FuzzBounds.FuzzFinding("the server allocated " + FuzzWrites.allocated / (1024 * 1024)
					+ " MiB for one request (bound: 64 MiB)");
		}
		if (TRACE) {
			System.err.println("fuzz: " + answer.request().method() + " " + answer.uri().getPath() + " -> "
					+ answer.statusCode() + " " + FuzzWrites.WRITES + " "
					+ answer.body().substring(0, Math.min(Integer.getInteger("fuzz.trace.length", 300), answer.body().length())));
		}
		if (answer.statusCode() >= 500) {
			throw new FuzzBounds.FuzzFinding("HTTP " + answer.statusCode() + ": " + answer.body());
		}
		if (STACK_TRACE.matcher(answer.body()).find()) {
			throw new FuzzBounds.FuzzFinding("a stack trace or exception name in the answer: " + answer.body());
		}
		if (answer.statusCode() >= 400) {
			Set<String> written = new HashSet<>(FuzzWrites.WRITES);
			written.removeAll(mayWrite);
			if (!written.isEmpty()) {
				throw new FuzzBounds.FuzzFinding("a refused request (HTTP " + answer.statusCode() + ") wrote to " + written);
			}
		}
		return answer;
	}

	/** The tables the last request sent by {@link #send} wrote to, for a target's own rule on what may be written. */
	public Set<String> written() {
		return Set.copyOf(FuzzWrites.WRITES);
	}

	public HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create(this.base + path));
	}

}
