package org.tsunagu.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The server a cost benchmark measures, in a process of its own, started exactly as an operator starts it: by
 * {@code ./tsunagu run} (its jar, its JVM options, its start-up cache, readied by {@code ./tsunagu prepare} before
 * the clock starts), so that its CPU time is the server's alone and its start-up time the one operators see; with
 * the bootstrap operator token it wrote on first start.
 */
record ServerProcess(Process process, String base, String token, Duration startToHealthy) implements AutoCloseable {

	static ServerProcess start(String db, Map<String, String> options, Path dataDir, String... extra) throws Exception {
		int port;
		try (ServerSocket free = new ServerSocket(0)) {
			port = free.getLocalPort();
		}
		Path launcher = Path.of("tsunagu").toAbsolutePath();
		if (new ProcessBuilder(launcher.toString(), "prepare").inheritIO().start().waitFor() != 0) {
			throw new IllegalStateException("./tsunagu prepare failed");
		}
		// the launcher ends in exec: the process started is the server's JVM itself
		List<String> command = new ArrayList<>(List.of(launcher.toString(), "run"));
		command.addAll(RegistryLoad.serverArgs(db, options, dataDir));
		command.remove("--server.port=0");
		command.add("--server.port=" + port);
		command.addAll(List.of(extra));
		Files.createDirectories(dataDir);
		Instant started = Instant.now();
		ProcessBuilder builder = new ProcessBuilder(command);
		// --server-java-options '-XX:StartFlightRecording=filename=/tmp/server.jfr' profiles the server alone
		builder.environment().put("TSUNAGU_JAVA_OPTS", options.getOrDefault("server-java-options", "").strip());
		builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
		Process process = builder.redirectErrorStream(true)
			.redirectOutput(dataDir.resolve("server.log").toFile())
			.start();
		String base = "http://localhost:" + port;
		HttpClient http = HttpClient.newHttpClient();
		Path tokenFile = dataDir.resolve("operator-token");
		for (int i = 0; i < 1200; i++) {
			if (!process.isAlive()) {
				throw new IllegalStateException("the server stopped; see " + dataDir.resolve("server.log"));
			}
			try {
				HttpResponse<Void> ready = http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health/readiness")).build(),
						HttpResponse.BodyHandlers.discarding());
				if (ready.statusCode() == 200 && Files.exists(tokenFile)) {
					Duration healthy = Duration.between(started, Instant.now());
					return new ServerProcess(process, base, Files.readString(tokenFile).strip(), healthy);
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(100);
		}
		process.destroy();
		throw new IllegalStateException("the server did not become ready in two minutes");
	}

	long pid() {
		return this.process.pid();
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		this.process.waitFor();
	}

}
