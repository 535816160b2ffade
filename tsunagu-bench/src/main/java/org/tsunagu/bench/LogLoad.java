package org.tsunagu.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.tsunagu.TsunaguApplication;
import org.tsunagu.merkle.Checkpoint;
import org.tsunagu.merkle.SignedNote;
import org.tsunagu.merkle.TileLayout;
import org.tsunagu.merkle.TiledTree;
import org.tsunagu.merkle.TreeHashes;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Load for the transparency log, over real HTTP against a server started in this process:
 * <ul>
 * <li>sustained appends: a bulk import of {@code --residents} enrolments, each one event and one log entry,
 * timed from the upload's start until a signed checkpoint covers every entry;</li>
 * <li>integration latency: single enrolments on a quiet log, from the 201 until a checkpoint includes the entry;</li>
 * <li>inclusion proofs: {@code GET /log/proof/inclusion} at the log's size; and the proof computation alone
 * ({@code TiledTree}) over {@code --proof-size} leaves held in memory.</li>
 * </ul>
 * <pre>
 * ./tsunagu-bench/run LogLoad --db postgresql --residents 100000 --probes 200 --proof-size 10000000
 * </pre>
 */
public final class LogLoad {

	private LogLoad() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = RegistryLoad.options(args);
		String db = options.getOrDefault("db", "postgresql");
		if (options.containsKey("synthetic-leaves")) {
			syntheticProofs(db, options, Long.parseLong(options.get("synthetic-leaves")));
			return;
		}
		int residents = Integer.parseInt(options.getOrDefault("residents", "100000"));
		int probes = Integer.parseInt(options.getOrDefault("probes", "200"));
		long proofSize = Long.parseLong(options.getOrDefault("proof-size", "10000000"));
		try (BenchServer bench = BenchServer.start(db, options, Files.createTempDirectory("tsunagu-bench"))) {
			ConfigurableApplicationContext server = bench.context();
			String base = bench.base();
			String token = bench.token();
			HttpClient http = HttpClient.newHttpClient();
			RegistryLoad.report("database", db);

			long start = System.nanoTime();
			RegistryLoad.importResidents(http, base, token, residents, Files.createTempDirectory("log-bench"));
			long size = awaitSize(http, base, residents, 1_800);
			double seconds = (System.nanoTime() - start) / 1e9;
			RegistryLoad.report("log.entries", size);
			RegistryLoad.report("log.seconds_until_checkpointed", String.format("%.1f", seconds));
			RegistryLoad.report("log.appends_per_second", String.format("%.0f", size / seconds));

			long[] latencies = new long[probes];
			for (int i = 0; i < probes; i++) {
				long before = size(http, base);
				HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/residents"))
					.header("Authorization", "Bearer " + token)
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString(resident(i)))
					.build(), HttpResponse.BodyHandlers.ofString());
				long acknowledged = System.nanoTime();
				if (created.statusCode() != 201) {
					throw new IllegalStateException(created.body());
				}
				while (size(http, base) < before + 1) {
					Thread.sleep(5);
				}
				latencies[i] = System.nanoTime() - acknowledged;
			}
			RegistryLoad.report("log.integration.p50.ms", OidcLoad.ms(OidcLoad.percentile(latencies, 0.50)));
			RegistryLoad.report("log.integration.p99.ms", OidcLoad.ms(OidcLoad.percentile(latencies, 0.99)));

			long current = size(http, base);
			long[] proofs = new long[1000];
			for (int i = 0; i < proofs.length; i++) {
				long index = (long) (Math.random() * current);
				long t = System.nanoTime();
				HttpResponse<String> proof = http.send(HttpRequest.newBuilder(URI.create(base + "/log/proof/inclusion?index="
						+ index + "&size=" + current)).build(), HttpResponse.BodyHandlers.ofString());
				proofs[i] = System.nanoTime() - t;
				if (proof.statusCode() != 200) {
					throw new IllegalStateException(proof.body());
				}
			}
			RegistryLoad.report("log.inclusion_proof_http_at_" + current + ".p50.ms", OidcLoad.ms(OidcLoad.percentile(proofs, 0.50)));
			RegistryLoad.report("log.inclusion_proof_http_at_" + current + ".p99.ms", OidcLoad.ms(OidcLoad.percentile(proofs, 0.99)));
		}
		proofComputation(proofSize);
	}

	/**
	 * Inclusion proofs over HTTP from a tree of {@code leaves} leaves whose tiles are written straight into the
	 * database (the entries themselves are not stored: filling a 10M-entry log through the registry takes far
	 * longer than this measure needs). The server serves proofs from {@code log_tile} and {@code log_state} exactly
	 * as for a log it built; a few proofs are verified against the root first.
	 */
	static void syntheticProofs(String db, Map<String, String> options, long leaves) throws Exception {
		List<String> serverArgs = new ArrayList<>(RegistryLoad.serverArgs(db, options, Files.createTempDirectory("tsunagu-bench")));
		try (ConfigurableApplicationContext server = SpringApplication.run(TsunaguApplication.class,
				serverArgs.toArray(String[]::new))) {
			String base = "http://localhost:" + server.getEnvironment().getProperty("local.server.port");
			var jdbc = new org.springframework.jdbc.core.JdbcTemplate(server.getBean(javax.sql.DataSource.class));
			org.tsunagu.merkle.CompactRange range = new org.tsunagu.merkle.CompactRange();
			byte[] level = new byte[Math.toIntExact(leaves * 32)];
			for (long i = 0; i < leaves; i++) {
				byte[] hash = TreeHashes.leaf(Long.toString(i).getBytes());
				System.arraycopy(hash, 0, level, (int) (i * 32), 32);
				range.append(hash);
			}
			long start = System.nanoTime();
			for (int l = 0; level.length > 0; l++) {
				int hashes = level.length / 32;
				List<Object[]> rows = new ArrayList<>();
				byte[] next = new byte[(hashes / TileLayout.WIDTH) * 32];
				for (int t = 0; t * TileLayout.WIDTH < hashes; t++) {
					int width = Math.min(TileLayout.WIDTH, hashes - t * TileLayout.WIDTH);
					byte[] tile = Arrays.copyOfRange(level, t * TileLayout.WIDTH * 32, (t * TileLayout.WIDTH + width) * 32);
					rows.add(new Object[] { l, (long) t, tile });
					if (width == TileLayout.WIDTH) {
						System.arraycopy(root(tile), 0, next, t * 32, 32);
					}
					if (rows.size() == 1000) {
						jdbc.batchUpdate("INSERT INTO log_tile (level, idx, hashes) VALUES (?, ?, ?)", rows);
						rows.clear();
					}
				}
				jdbc.batchUpdate("INSERT INTO log_tile (level, idx, hashes) VALUES (?, ?, ?)", rows);
				level = next;
			}
			java.io.ByteArrayOutputStream compact = new java.io.ByteArrayOutputStream();
			range.hashes().forEach(compact::writeBytes);
			jdbc.update("DELETE FROM log_state");
			jdbc.update("INSERT INTO log_state (id, size, compact, root, updated_at) VALUES (1, ?, ?, ?, ?)", leaves,
					compact.toByteArray(), range.root(), java.time.OffsetDateTime.now());
			RegistryLoad.report("log.synthetic.tiles_written_seconds", String.format("%.1f", (System.nanoTime() - start) / 1e9));
			HttpClient http = HttpClient.newHttpClient();
			tools.jackson.databind.json.JsonMapper json = tools.jackson.databind.json.JsonMapper.builder().build();
			for (long index : new long[] { 0, leaves / 2, leaves - 1 }) {
				var proof = json.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/log/proof/inclusion?index=" + index
						+ "&size=" + leaves)).build(), HttpResponse.BodyHandlers.ofString()).body());
				List<byte[]> path = new ArrayList<>();
				proof.get("proof").forEach((h) -> path.add(java.util.Base64.getDecoder().decode(h.asString())));
				org.tsunagu.merkle.ProofVerifier.verifyInclusion(index, leaves, TreeHashes.leaf(Long.toString(index).getBytes()), path,
						range.root());
			}
			long[] times = new long[10_000];
			for (int i = 0; i < times.length; i++) {
				long index = (long) (Math.random() * leaves);
				long t = System.nanoTime();
				HttpResponse<String> proof = http.send(HttpRequest.newBuilder(URI.create(base + "/log/proof/inclusion?index="
						+ index + "&size=" + leaves)).build(), HttpResponse.BodyHandlers.ofString());
				times[i] = System.nanoTime() - t;
				if (proof.statusCode() != 200) {
					throw new IllegalStateException(proof.body());
				}
			}
			long[] measured = Arrays.copyOfRange(times, 5_000, times.length);
			RegistryLoad.report("log.inclusion_proof_http_at_" + leaves + ".p50.ms", OidcLoad.ms(OidcLoad.percentile(measured, 0.50)));
			RegistryLoad.report("log.inclusion_proof_http_at_" + leaves + ".p99.ms", OidcLoad.ms(OidcLoad.percentile(measured, 0.99)));
			int wrkSeconds = Integer.parseInt(options.getOrDefault("wrk-seconds", "0"));
			if (wrkSeconds > 0) {
				wrk(base, leaves, wrkSeconds, "log.inclusion_proof_wrk_at_" + leaves);
			}
		}
	}

	/**
	 * The same random proofs asked by {@code wrk} (one connection, one request at a time, so each figure is one
	 * request's latency, with a client that costs the shared cores little), after as long again of warm-up.
	 */
	static void wrk(String base, long leaves, int seconds, String name) throws Exception {
		Path script = Files.createTempFile("proofs", ".lua");
		Files.writeString(script, """
				local n
				function init(args) n = tonumber(args[1]); math.randomseed(os.time()) end
				function request()
				  return wrk.format("GET", "/log/proof/inclusion?index=" .. math.random(0, n - 1) .. "&size=" .. n)
				end
				""");
		for (boolean measure : new boolean[] { false, true }) {
			Process wrk = new ProcessBuilder("wrk", "-t1", "-c1", "-d" + seconds + "s", "--latency", "-s", script.toString(), base,
					"--", Long.toString(leaves))
				.redirectErrorStream(true)
				.start();
			String out = new String(wrk.getInputStream().readAllBytes());
			if (wrk.waitFor() != 0 || out.contains("Non-2xx")) {
				throw new IllegalStateException("wrk: " + out);
			}
			if (measure) {
				java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^\\s+(50|99)%\\s+(\\S+)").matcher(out);
				while (m.find()) {
					RegistryLoad.report(name + ".p" + m.group(1) + ".ms", String.format("%.2f", milliseconds(m.group(2))));
				}
				java.util.regex.Matcher rate = java.util.regex.Pattern.compile("Requests/sec:\\s+(\\S+)").matcher(out);
				if (rate.find()) {
					RegistryLoad.report(name + ".requests_per_s", rate.group(1));
				}
			}
		}
	}

	/** A duration as wrk prints it ({@code 729.00us}, {@code 1.02ms}, {@code 1.10s}) in milliseconds. */
	static double milliseconds(String wrk) {
		java.util.regex.Matcher m = java.util.regex.Pattern.compile("([\\d.]+)(us|ms|s)").matcher(wrk);
		if (!m.matches()) {
			throw new IllegalArgumentException("not a wrk duration: " + wrk);
		}
		double value = Double.parseDouble(m.group(1));
		return switch (m.group(2)) {
			case "us" -> value / 1000;
			case "ms" -> value;
			default -> value * 1000;
		};
	}

	/** The proof arithmetic alone over tiles in memory (what the server does per request, minus the tile reads). */
	static void proofComputation(long leaves) {
		List<byte[][]> levels = new ArrayList<>();
		byte[][] level = new byte[(int) leaves][];
		for (int i = 0; i < leaves; i++) {
			level[i] = TreeHashes.leaf(Long.toString(i).getBytes());
		}
		while (level.length > 0) {
			levels.add(level);
			byte[][] next = new byte[level.length / TileLayout.WIDTH][];
			for (int t = 0; t < next.length; t++) {
				byte[] tile = new byte[TileLayout.WIDTH * 32];
				for (int j = 0; j < TileLayout.WIDTH; j++) {
					System.arraycopy(level[t * TileLayout.WIDTH + j], 0, tile, j * 32, 32);
				}
				next[t] = root(tile);
			}
			level = next;
		}
		TiledTree tree = new TiledTree(leaves, (l, index, width) -> {
			byte[] tile = new byte[width * 32];
			for (int j = 0; j < width; j++) {
				System.arraycopy(levels.get(l)[(int) (index * TileLayout.WIDTH + j)], 0, tile, j * 32, 32);
			}
			return tile;
		});
		long[] times = new long[20_000];
		for (int i = 0; i < times.length; i++) {
			long index = (long) (Math.random() * leaves);
			long t = System.nanoTime();
			tree.inclusionProof(index, leaves);
			times[i] = System.nanoTime() - t;
		}
		long[] measured = Arrays.copyOfRange(times, 5_000, times.length);
		RegistryLoad.report("log.inclusion_proof_compute_at_" + leaves + ".p50.ms", OidcLoad.ms(OidcLoad.percentile(measured, 0.50)));
		RegistryLoad.report("log.inclusion_proof_compute_at_" + leaves + ".p99.ms", OidcLoad.ms(OidcLoad.percentile(measured, 0.99)));
	}

	private static byte[] root(byte[] tile) {
		byte[][] hashes = new byte[tile.length / 32][];
		for (int i = 0; i < hashes.length; i++) {
			hashes[i] = Arrays.copyOfRange(tile, i * 32, (i + 1) * 32);
		}
		for (int n = hashes.length; n > 1; n /= 2) {
			for (int i = 0; i < n / 2; i++) {
				hashes[i] = TreeHashes.node(hashes[2 * i], hashes[2 * i + 1]);
			}
		}
		return hashes[0];
	}

	private static long awaitSize(HttpClient http, String base, long size, int seconds) throws Exception {
		long deadline = System.nanoTime() + seconds * 1_000_000_000L;
		long current = 0;
		while (System.nanoTime() < deadline) {
			current = size(http, base);
			if (current >= size) {
				return current;
			}
			Thread.sleep(100);
		}
		return current;
	}

	static long size(HttpClient http, String base) throws Exception {
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/log/checkpoint")).build(),
				HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			return 0;
		}
		return Checkpoint.parse(SignedNote.parse(response.body()).text()).size();
	}

	private static String resident(int i) {
		return """
				{ "name": { "family": "髙橋", "given": "克子", "familyReading": "タカハシ", "givenReading": "カツコ",
				            "latin": "TAKAHASHI Katsuko" }, "birthDate": "1984-04-02", "sex": "female",
				  "address": { "country": "JP", "postalCode": "100-0001", "region": "東京都", "locality": "千代田区",
				               "streetAddress": "probe %d-%d" },
				  "evidence": [ { "type": "passport", "method": "in-person", "verifiedBy": "bench" } ] }"""
			.formatted(i, System.nanoTime());
	}

}
