package org.tsunagu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives each test application context its own data directory and its own database: a fresh in-memory H2
 * database by default, or, when {@code TSUNAGU_DB_URL} names PostgreSQL, a fresh schema in that database, so
 * that the whole suite runs the same migrations on both.
 */
public final class TestEnvironment implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	/** The registry key every test context shares, so that suites on one PostgreSQL database agree. */
	public static final String REGISTRY_KEY = "dGVzdC1yZWdpc3RyeS1rZXktMzItYnl0ZXMtbG9uZyEhIQ==";

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
		Map<String, Object> properties = new HashMap<>();
		try {
			properties.put("tsunagu.data-dir", Files.createTempDirectory("tsunagu-test").toString());
			// every test signs in from 127.0.0.1: the per-address limits are for the world, not for one test run,
			// except where a test of the limits asks for its own scale with tsunagu.test.rate-limit-scale
			properties.put("tsunagu.rate-limit-scale",
					context.getEnvironment().getProperty("tsunagu.test.rate-limit-scale", "1000"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		String postgres = System.getenv("TSUNAGU_DB_URL");
		if (postgres != null && postgres.startsWith("jdbc:postgresql:")) {
			String schema = "test_" + suffix;
			properties.put("spring.datasource.url", postgres + (postgres.contains("?") ? "&" : "?") + "currentSchema=" + schema);
			properties.put("spring.flyway.schemas", schema);
			properties.put("spring.flyway.create-schemas", "true");
		}
		else {
			properties.put("spring.datasource.url", "jdbc:h2:mem:test_" + suffix
					+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
		}
		properties.put("tsunagu.registry.key", REGISTRY_KEY);
		// demo data only where a test asks for it with tsunagu.test.demo=true
		properties.put("tsunagu.demo.enabled", context.getEnvironment().getProperty("tsunagu.test.demo", "false"));
		properties.put("tsunagu.pki.ceremony", "true");
		// the reference agencies and the tests' own providers answer on loopback, on either database
		properties.put("tsunagu.organisations.loopback-endpoints", "true");
		context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("tsunagu-test", properties));
	}

	/** Whether the suite runs on PostgreSQL. */
	public static boolean onPostgres() {
		String url = System.getenv("TSUNAGU_DB_URL");
		return url != null && url.startsWith("jdbc:postgresql:");
	}

}
