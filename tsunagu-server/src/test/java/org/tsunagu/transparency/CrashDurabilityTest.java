package org.tsunagu.transparency;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsunagu.merkle.Checkpoint;
import org.tsunagu.merkle.NoteKey;
import org.tsunagu.merkle.ProofVerifier;
import org.tsunagu.merkle.SignedNote;
import org.tsunagu.registry.TestResidents;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Durability: the server runs as its own process on an H2 file database and is killed with SIGKILL (kill -9) in the
 * middle of a stream of enrolments, several times. After the last restart every enrolment the server acknowledged
 * (201) has its entry in the log, no checkpoint ever seen went backwards, and each checkpoint is consistent with
 * every earlier one.
 */
class CrashDurabilityTest {

	static final int ROUNDS = 5;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	Path dir;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	@Test
	void killNineDuringAppendsThenNothingAcknowledgedIsLostAndTheTreeOnlyGrows() throws Exception {
		Set<String> acknowledged = java.util.concurrent.ConcurrentHashMap.newKeySet();
		List<Checkpoint> seen = new ArrayList<>();
		NoteKey key = null;
		Random random = new Random(42);
		for (int round = 0; round < ROUNDS; round++) {
			int port = freePort();
			Process server = start(port);
			String base = "http://localhost:" + port;
			awaitReady(base, server);
			String token = Files.readString(this.dir.resolve("var/operator-token")).strip();
			if (key == null) {
				key = NoteKey.parse(get(base + "/log/key").strip());
			}
			AtomicBoolean running = new AtomicBoolean(true);
			ConcurrentLinkedQueue<String> notes = new ConcurrentLinkedQueue<>();
			List<Thread> producers = new ArrayList<>();
			for (int t = 0; t < 4; t++) {
				producers.add(Thread.ofVirtual().start(() -> {
					while (running.get()) {
						try {
							HttpResponse<String> created = this.http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/residents"))
								.header("Authorization", "Bearer " + token)
								.header("Content-Type", "application/json")
								.POST(HttpRequest.BodyPublishers.ofString(TestResidents.katsuko()))
								.build(), HttpResponse.BodyHandlers.ofString());
							if (created.statusCode() == 201) {
								acknowledged.add(JSON.readTree(created.body()).get("id").asString());
							}
						}
						catch (Exception ex) {
							// the server died mid-request: not acknowledged
						}
					}
				}));
			}
			// checkpoints are sampled while the appends stream in
			java.util.concurrent.ScheduledExecutorService watcher = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
			watcher.scheduleWithFixedDelay(() -> {
				try {
					notes.add(get(base + "/log/checkpoint"));
				}
				catch (Exception ex) {
					// gone or not yet
				}
			}, 0, 150, java.util.concurrent.TimeUnit.MILLISECONDS);
			// the kill lands after a different number of acknowledged enrolments each round, in mid-stream
			int before = acknowledged.size();
			int target = before + 20 + random.nextInt(300);
			await("enrolments acknowledged before the kill").atMost(Duration.ofSeconds(60))
				.until(() -> acknowledged.size() >= target);
			server.destroyForcibly().waitFor();
			running.set(false);
			for (Thread producer : producers) {
				producer.join();
			}
			watcher.shutdownNow();
			watcher.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
			for (String note : notes) {
				seen.add(verified(note, key));
			}
		}

		// the last start: everything outstanding is delivered and integrated
		int port = freePort();
		Process server = start(port);
		String base = "http://localhost:" + port;
		awaitReady(base, server);
		NoteKey trusted = key;
		// the log holds more than the enrolments (each operator change is an entry too): wait until it stops growing
		java.util.concurrent.atomic.AtomicLong previous = new java.util.concurrent.atomic.AtomicLong(-1);
		Checkpoint last = await("a checkpoint covering every acknowledged enrolment").atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofSeconds(1))
			.ignoreExceptions()
			.until(() -> verified(get(base + "/log/checkpoint"), trusted), (checkpoint) -> checkpoint.size() >= acknowledged.size()
					&& previous.getAndSet(checkpoint.size()) == checkpoint.size());
		seen.add(last);
		assertThat(acknowledged).hasSizeGreaterThan(ROUNDS);

		// never backwards, always consistent with what was seen before
		for (int i = 1; i < seen.size(); i++) {
			Checkpoint before = seen.get(i - 1);
			Checkpoint after = seen.get(i);
			assertThat(after.size()).as("checkpoint %d after %d", after.size(), before.size()).isGreaterThanOrEqualTo(before.size());
			if (after.size() == before.size()) {
				assertThat(after.rootHash()).isEqualTo(before.rootHash());
			}
		}
		Checkpoint finalCheckpoint = seen.get(seen.size() - 1);
		Set<Long> checkedSizes = new HashSet<>();
		for (Checkpoint earlier : seen) {
			if (earlier.size() > 0 && earlier.size() < finalCheckpoint.size() && checkedSizes.add(earlier.size())) {
				JsonNode proof = JSON.readTree(get(base + "/log/proof/consistency?from=" + earlier.size() + "&to=" + finalCheckpoint.size()));
				List<byte[]> hashes = new ArrayList<>();
				proof.get("proof").forEach((h) -> hashes.add(Base64.getDecoder().decode(h.asString())));
				ProofVerifier.verifyConsistency(earlier.size(), finalCheckpoint.size(), earlier.rootHash(), finalCheckpoint.rootHash(), hashes);
			}
		}
		server.destroy();
		server.waitFor();

		// every acknowledged enrolment is in the tree
		Set<String> logged = new HashSet<>();
		try (Connection db = DriverManager.getConnection("jdbc:h2:file:" + this.dir.resolve("var/db/tsunagu")
				+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "sa", "");
				ResultSet rows = db.createStatement().executeQuery("""
						SELECT resident_id FROM log_entry WHERE leaf_index IS NOT NULL AND resident_id IS NOT NULL""")) {
			while (rows.next()) {
				logged.add(rows.getString(1));
			}
		}
		assertThat(logged).containsAll(acknowledged);
	}

	private Checkpoint verified(String note, NoteKey key) {
		SignedNote signed = SignedNote.parse(note);
		assertThat(signed.verify(List.of(key))).containsExactly(key);
		return Checkpoint.parse(signed.text());
	}

	private Process start(int port) throws Exception {
		ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx512m", "-cp", System.getProperty("java.class.path"), "org.tsunagu.TsunaguApplication",
				"--server.port=" + port, "--tsunagu.data-dir=" + this.dir.resolve("var"), "--tsunagu.demo.enabled=false",
				"--logging.level.root=WARN")
			.redirectErrorStream(true)
			.redirectOutput(this.dir.resolve("server.log").toFile());
		builder.environment().keySet().removeIf((name) -> name.startsWith("TSUNAGU_"));
		return builder.start();
	}

	private void awaitReady(String base, Process server) {
		await("the server ready").atMost(Duration.ofSeconds(90))
			.failFast("the server process ended; see its log in " + this.dir.resolve("server.log"), () -> !server.isAlive())
			.ignoreExceptions()
			.until(() -> this.http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health/readiness")).build(),
					HttpResponse.BodyHandlers.ofString()).statusCode() == 200 && Files.exists(this.dir.resolve("var/operator-token")));
	}

	private String get(String url) throws Exception {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
				HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IllegalStateException(url + " answered " + response.statusCode());
		}
		return response.body();
	}

	private static int freePort() throws Exception {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
