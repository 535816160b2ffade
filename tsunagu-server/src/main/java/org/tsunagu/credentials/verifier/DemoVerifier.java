package org.tsunagu.credentials.verifier;

import java.nio.file.Files;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tsunagu.organisation.DemoOrganisations;
import org.tsunagu.organisation.Organisations;
import org.tsunagu.platform.TsunaguProperties;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The demo data's verifier: a shop that checks its customers are over 20, registered on the first start of the
 * embedded demo with its key in {@code <data dir>/demo-orgs/shop.json}, for {@code examples/holder/shop.mjs}.
 */
@Component
class DemoVerifier {

	static final String SHOP = "demo-liquor-shop";

	private static final Logger log = LoggerFactory.getLogger(DemoVerifier.class);

	private final Organisations organisations;

	private final Path dir;

	private final boolean enabled;

	DemoVerifier(Organisations organisations, TsunaguProperties properties, @Value("${tsunagu.demo.enabled:auto}") String enabled,
			@Value("${spring.datasource.url:}") String databaseUrl) {
		this.organisations = organisations;
		this.dir = properties.dataDir().resolve("demo-orgs");
		this.enabled = org.tsunagu.platform.DemoStart.onEmbedded(enabled, databaseUrl);
	}

	@EventListener(ApplicationReadyEvent.class)
	void createOnFirstStart() {
		if (!this.enabled || Files.exists(this.dir.resolve("shop.json"))) {
			return;
		}
		try {
			DemoOrganisations.registerWithKeyFile(this.organisations, this.dir, "shop", "verifier", SHOP,
					"Chiyoda Demo Liquor Shop", "千代田デモ酒店");
			log.info("Demo verifier {} ready; key in {}", SHOP, this.dir.resolve("shop.json").toAbsolutePath().normalize());
		}
		catch (RuntimeException ex) {
			log.warn("No demo verifier: {}", org.tsunagu.platform.Failures.describe(ex));
		}
	}

}
