package org.tsunagu;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The Tsunagu server: one jar that runs every module on an embedded H2 file database by default, or on
 * PostgreSQL when {@code TSUNAGU_DB_URL} points at one.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class TsunaguApplication {

	public static void main(String[] args) {
		if (args.length > 0 && args[0].equals("ceremony")) {
			// the key ceremony: no web server, no demo data; the command runs and the process ends
			String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
			System.exit(SpringApplication.exit(new org.springframework.boot.builder.SpringApplicationBuilder(
					TsunaguApplication.class)
				.web(org.springframework.boot.WebApplicationType.NONE)
				.properties("tsunagu.command=ceremony", "tsunagu.pki.ceremony=false", "tsunagu.demo.enabled=false")
				.run(rest)));
		}
		SpringApplication.run(TsunaguApplication.class, translatePortOption(args));
	}

	/** Accepts {@code --port 9090} and {@code --port=9090} as the operator-friendly spelling of {@code --server.port}. */
	static String[] translatePortOption(String[] args) {
		List<String> out = new ArrayList<>(args.length);
		for (int i = 0; i < args.length; i++) {
			String arg = args[i];
			if (arg.equals("--port") && i + 1 < args.length) {
				out.add("--server.port=" + args[++i]);
			}
			else if (arg.startsWith("--port=")) {
				out.add("--server.port=" + arg.substring("--port=".length()));
			}
			else {
				out.add(arg);
			}
		}
		return out.toArray(String[]::new);
	}

}
