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
 * The server a cost benchmark measures, in a process of its own (the JDK this tool runs on, the server's classes
 * from this tool's class path, default JVM options as {@code ./tsunagu run} has them), so that its CPU time is the
 * server's alone; with the bootstrap operator token it wrote on first start.
 */
record ServerProcess(Process process, String base, String token, Duration startToHealthy) implements AutoCloseable {

	static ServerProcess start(String db, Map<String, String> options, Path dataDir, String... extra) throws Exception {
		int port;
		try (ServerSocket free = new ServerSocket(0)) {
			port = free.getLocalPort();
		}
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
		// --server-java-options '-XX:StartFlightRecording=filename=/tmp/server.jfr' profiles the server alone
		String javaOptions = options.getOrDefault("server-java-options", "").strip();
		if (!javaOptions.isEmpty()) {
			command.addAll(List.of(javaOptions.split("\\s+")));
		}
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.tsunagu.TsunaguApplication"));
		command.addAll(RegistryLoad.serverArgs(db, options, dataDir));
		command.remove("--server.port=0");
		command.add("--server.port=" + port);
		command.addAll(List.of(extra));
		Files.createDirectories(dataDir);
		Instant started = Instant.now();
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
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
