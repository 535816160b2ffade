package org.tsunagu.platform.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tsunagu.platform.TsunaguProperties;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Tells the person who started the server where it answers and where its files are. */
@Component
final class StartupAnnouncement {

	private static final Logger log = LoggerFactory.getLogger("org.tsunagu");

	private final Environment environment;

	private final TsunaguProperties properties;

	StartupAnnouncement(Environment environment, TsunaguProperties properties) {
		this.environment = environment;
		this.properties = properties;
	}

	@EventListener(ApplicationReadyEvent.class)
	void announce() {
		String port = this.environment.getProperty("local.server.port", "8080");
		log.info("Tsunagu is ready at http://localhost:{}/ (your account: open it and sign in with the demo card, "
				+ "./tsunagu wallet approve --card-dir {} --code <the page's code>; the operator console at /console with "
				+ "the operator credential; API under /api/v1, OpenAPI at /v3/api-docs; "
				+ "the transparency log at /log/checkpoint); data in {}; next: the README's tour, e.g. the sample service "
				+ "in examples/sample-rp, ./tsunagu wallet history --card-dir {}, and the exchange between agencies with "
				+ "./tsunagu agency serve --agency {}",
				port, this.properties.dataDir().resolve("demo-card"), this.properties.dataDir().toAbsolutePath().normalize(),
				this.properties.dataDir().resolve("demo-card"), this.properties.dataDir().resolve("demo-orgs").resolve("tax-office.json"));
	}

}
