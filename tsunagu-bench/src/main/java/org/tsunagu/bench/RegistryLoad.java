package org.tsunagu.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.tsunagu.TsunaguApplication;
import org.tsunagu.operator.OperatorCredentials;
import org.tsunagu.operator.OperatorRole;
import org.tsunagu.registry.demo.SyntheticPopulation;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Load scenario for the resident registry, over real HTTP against a server started in this process: bulk import
 * of synthetic residents (residents enrolled per second, from upload to completed job), then lookups by number
 * ({@code POST /api/v1/residents/search}) from concurrent clients, with p50 and p99 latency.
 *
 * <pre>
 * java ... org.tsunagu.bench.RegistryLoad --db h2|postgresql --residents 1000000 --lookups 20000 --clients 2
 * </pre>
 */
public final class RegistryLoad {

	private static final org.slf4j.Logger RESULTS = org.slf4j.LoggerFactory.getLogger("org.tsunagu.bench");

	private static final Pattern NUMBER = Pattern.compile("\"individualNumber\":\"(\\d{12})\"");

	private RegistryLoad() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = options(args);
		String db = options.getOrDefault("db", "h2");
		int residents = Integer.parseInt(options.getOrDefault("residents", "1000000"));
		int lookups = Integer.parseInt(options.getOrDefault("lookups", "20000"));
		int clients = Integer.parseInt(options.getOrDefault("clients", "2"));
		Path dataDir = Files.createTempDirectory("tsunagu-bench");
		List<String> serverArgs = serverArgs(db, options, dataDir);
		try (ConfigurableApplicationContext server = SpringApplication.run(TsunaguApplication.class,
				serverArgs.toArray(String[]::new))) {
			String base = "http://localhost:" + server.getEnvironment().getProperty("local.server.port");
			String token = server.getBean(OperatorCredentials.class)
				.issue("bench-" + System.nanoTime(), java.util.EnumSet.allOf(OperatorRole.class))
				.token();
			HttpClient http = HttpClient.newHttpClient();
			report("database", db);
			report("residents", residents);
			importResidents(http, base, token, residents, dataDir);
			lookups(http, base, token, lookups, clients);
		}
	}

	/** The server's arguments for a benchmark run: a fresh data directory, no demo data, quiet access log. */
	static List<String> serverArgs(String db, Map<String, String> options, Path dataDir) {
		List<String> serverArgs = new ArrayList<>(List.of("--server.port=0", "--tsunagu.data-dir=" + dataDir,
				"--tsunagu.demo.enabled=false", "--tsunagu.registry.key=YmVuY2gtcmVnaXN0cnkta2V5LTMyLWJ5dGVzLWxvbmchISE=", "--logging.level.org.tsunagu.access=WARN",
				"--logging.level.org.tsunagu.registry.internal.ResidentImport=WARN"));
		// any server setting passes through: --spring.datasource.hikari.maximum-pool-size 32
		options.forEach((key, value) -> {
			if (key.startsWith("spring.") || key.startsWith("tsunagu.") || key.startsWith("server.")) {
				serverArgs.add("--" + key + "=" + value);
			}
		});
		if (db.equals("postgresql")) {
			serverArgs.add("--spring.datasource.url=" + options.getOrDefault("url",
					"jdbc:postgresql://127.0.0.1:5432/tsunagu_bench?reWriteBatchedInserts=true"));
			serverArgs.add("--spring.datasource.username=" + options.getOrDefault("user", "postgres"));
		}
		return serverArgs;
	}

	static void importResidents(HttpClient http, String base, String token, int count, Path dir)
			throws Exception {
		Path file = dir.resolve("residents.jsonl");
		SyntheticPopulation population = new SyntheticPopulation(System.nanoTime(), "bench-" + System.nanoTime() + "-");
		try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			for (int i = 0; i < count; i++) {
				out.write(population.nextLine());
				out.write('\n');
			}
		}
		long start = System.nanoTime();
		HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/residents/import"))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/x-ndjson")
			.POST(HttpRequest.BodyPublishers.ofFile(file))
			.build(), HttpResponse.BodyHandlers.ofString());
		String location = accepted.headers().firstValue("Location").orElseThrow();
		String body = awaitFinished(http, base + location + "?limit=1", token);
		String status = field(body, "status");
		double seconds = (System.nanoTime() - start) / 1e9;
		long enrolled = Long.parseLong(field(body, "enrolled"));
		report("import.status", status);
		report("import.enrolled", enrolled);
		report("import.failed", field(body, "failed"));
		report("import.seconds", String.format("%.1f", seconds));
		report("import.residentsPerSecond", String.format("%.0f", enrolled / seconds));
	}

	private static void lookups(HttpClient http, String base, String token, int count, int clients) throws Exception {
		List<String> numbers = new ArrayList<>();
		for (int i = 0; i < 1000; i++) {
			String body = send(http, base + "/api/v1/residents", token, new SyntheticPopulation(i, "probe-" + System.nanoTime())
				.nextLine().replaceFirst("\"externalReference\":\"[^\"]*\",", "\"confirmDifferentPerson\":true,")).body();
			Matcher m = NUMBER.matcher(body);
			if (m.find()) {
				numbers.add(m.group(1));
			}
		}
		// warm up the server's code paths before measuring
		runLookups(http, base, token, numbers, Math.min(5000, count), clients);
		long start = System.nanoTime();
		long[] latencies = runLookups(http, base, token, numbers, count, clients);
		double seconds = (System.nanoTime() - start) / 1e9;
		Arrays.sort(latencies);
		report("lookup.count", latencies.length);
		report("lookup.clients", clients);
		report("lookup.perSecond", String.format("%.0f", latencies.length / seconds));
		report("lookup.p50.ms", String.format("%.2f", latencies[latencies.length / 2] / 1e6));
		report("lookup.p99.ms", String.format("%.2f", latencies[(int) (latencies.length * 0.99)] / 1e6));
		report("lookup.max.ms", String.format("%.2f", latencies[latencies.length - 1] / 1e6));
	}

	private static long[] runLookups(HttpClient http, String base, String token, List<String> numbers, int count,
			int clients) throws Exception {
		long[] latencies = new long[count];
		Thread[] threads = new Thread[clients];
		for (int c = 0; c < clients; c++) {
			int client = c;
			threads[c] = Thread.ofPlatform().start(() -> {
				for (int i = client; i < count; i += clients) {
					String number = numbers.get(ThreadLocalRandom.current().nextInt(numbers.size()));
					long t0 = System.nanoTime();
					HttpResponse<String> response = send(http, base + "/api/v1/residents/search", token,
							"{\"individualNumber\":\"" + number + "\"}");
					latencies[i] = System.nanoTime() - t0;
					if (response.statusCode() != 200) {
						throw new IllegalStateException("lookup answered " + response.statusCode());
					}
				}
			});
		}
		for (Thread thread : threads) {
			thread.join();
		}
		return latencies;
	}

	static HttpResponse<String> send(HttpClient http, String url, String token, String json) {
		try {
			return http.send(HttpRequest.newBuilder(URI.create(url))
				.header("Authorization", "Bearer " + token)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(json))
				.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String field(String json, String name) {
		Matcher m = Pattern.compile("\"" + name + "\":\"?([^\",}]*)").matcher(json);
		return m.find() ? m.group(1) : "";
	}

	/**
	 * The import job's report once it has finished: the job is checked every 500 ms on a scheduler, for an hour at
	 * most, so that a job that never ends fails the run instead of hanging it.
	 */
	private static String awaitFinished(HttpClient http, String url, String token) throws Exception {
		java.util.concurrent.CompletableFuture<String> finished = new java.util.concurrent.CompletableFuture<>();
		java.util.concurrent.ScheduledExecutorService poller = java.util.concurrent.Executors
			.newSingleThreadScheduledExecutor();
		try {
			poller.scheduleWithFixedDelay(() -> {
				try {
					String body = http.send(HttpRequest.newBuilder(URI.create(url))
						.header("Authorization", "Bearer " + token)
						.build(), HttpResponse.BodyHandlers.ofString()).body();
					String status = field(body, "status");
					if (status.equals("completed") || status.equals("failed")) {
						finished.complete(body);
					}
				}
				catch (Exception ex) {
					finished.completeExceptionally(ex);
				}
			}, 500, 500, java.util.concurrent.TimeUnit.MILLISECONDS);
			return finished.get(1, java.util.concurrent.TimeUnit.HOURS);
		}
		finally {
			poller.shutdownNow();
		}
	}

	/** One measured figure, as a log line {@code RESULT <key> = <value>}. */
	static void report(String key, Object value) {
		RESULTS.info("RESULT {} = {}", key, value);
	}

	static Map<String, String> options(String[] args) {
		Map<String, String> options = new HashMap<>();
		for (int i = 0; i + 1 < args.length; i += 2) {
			options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
		}
		return options;
	}

}
