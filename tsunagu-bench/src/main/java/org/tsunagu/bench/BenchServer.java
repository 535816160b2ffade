package org.tsunagu.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import org.tsunagu.TsunaguApplication;
import org.tsunagu.operator.OperatorCredentials;
import org.tsunagu.operator.OperatorRole;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The server a load scenario measures, started in this process on a free port with the scenario's settings, and an
 * operator credential holding every role.
 */
record BenchServer(ConfigurableApplicationContext context, String base, String token) implements AutoCloseable {

	/** Starts the server on {@code db} ({@code h2} or {@code postgresql}) with these extra arguments. */
	static BenchServer start(String db, Map<String, String> options, Path dataDir, String... extra) {
		List<String> serverArgs = new ArrayList<>(RegistryLoad.serverArgs(db, options, dataDir));
		serverArgs.addAll(List.of(extra));
		ConfigurableApplicationContext context = SpringApplication.run(TsunaguApplication.class,
				serverArgs.toArray(String[]::new));
		String token = context.getBean(OperatorCredentials.class)
			.issue("bench-" + System.nanoTime(), EnumSet.allOf(OperatorRole.class))
			.token();
		return new BenchServer(context, "http://localhost:" + context.getEnvironment().getProperty("local.server.port"),
				token);
	}

	@Override
	public void close() {
		this.context.close();
	}

}
