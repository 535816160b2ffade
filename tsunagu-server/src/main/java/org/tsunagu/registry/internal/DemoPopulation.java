package org.tsunagu.registry.internal;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tsunagu.registry.demo.SyntheticPopulation;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Loads a synthetic demo population through the bulk import on the first start of an empty registry. On by
 * default only on the embedded H2 database ({@code tsunagu.demo.enabled=auto}); {@code true} or {@code false}
 * decide for any database.
 */
@Component
final class DemoPopulation {

	private static final Logger log = LoggerFactory.getLogger(DemoPopulation.class);

	/** The demo resident who gets a ready software card (see the README's tour). */
	static final String DEMO_CARD_HOLDER = """
			{"externalReference":"demo-card-holder","name":{"family":"髙橋","given":"葛\uDB40\uDD00子",\
			"familyReading":"タカハシ","givenReading":"カツコ","latin":"TAKAHASHI Katsuko"},"birthDate":"1984-04-02",\
			"sex":"female","address":{"country":"JP","postalCode":"100-0001","region":"東京都","locality":"千代田区",\
			"streetAddress":"千代田1-1"},"evidence":[{"type":"my-number-card","method":"chip-read",\
			"verifiedBy":"demo-municipality"}]}""";

	/**
	 * The demo card holder's family: her daughter (16 on the day the demo is loaded), for whom she is the legal
	 * representative, and her father (86), whose guardian she is: the delegation demo's people.
	 */
	static final String DEMO_FAMILY = """
			{"externalReference":"demo-child","name":{"family":"髙橋","given":"陽向","familyReading":"タカハシ",\
			"givenReading":"ヒナタ","latin":"TAKAHASHI Hinata"},"birthDate":"%s","sex":"female",\
			"address":{"country":"JP","postalCode":"100-0001","region":"東京都","locality":"千代田区",\
			"streetAddress":"千代田1-1"},"evidence":[{"type":"my-number-card","method":"chip-read",\
			"verifiedBy":"demo-municipality"}]}
			{"externalReference":"demo-father","name":{"family":"髙橋","given":"和夫","familyReading":"タカハシ",\
			"givenReading":"カズオ","latin":"TAKAHASHI Kazuo"},"birthDate":"%s","sex":"male",\
			"address":{"country":"JP","postalCode":"100-0001","region":"東京都","locality":"千代田区",\
			"streetAddress":"千代田1-1"},"evidence":[{"type":"my-number-card","method":"chip-read",\
			"verifiedBy":"demo-municipality"}]}""";

	private final ResidentImport imports;

	private final JdbcResidentRepository residents;

	private final boolean enabled;

	private final int size;

	DemoPopulation(ResidentImport imports, JdbcResidentRepository residents,
			@Value("${tsunagu.demo.enabled:auto}") String enabled, @Value("${tsunagu.demo.residents:1200}") int size,
			@Value("${spring.datasource.url:}") String databaseUrl) {
		this.imports = imports;
		this.residents = residents;
		this.enabled = org.tsunagu.platform.DemoStart.onEmbedded(enabled, databaseUrl);
		this.size = size;
	}

	@EventListener(ApplicationReadyEvent.class)
	@Order(0)
	void loadOnFirstStart() {
		if (!this.enabled || this.residents.count() > 0) {
			return;
		}
		SyntheticPopulation population = new SyntheticPopulation(20261127L, "demo-");
		StringBuilder lines = new StringBuilder(this.size * 600);
		java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Tokyo"));
		lines.append(DEMO_CARD_HOLDER).append('\n')
			.append(DEMO_FAMILY.formatted(today.minusYears(16).minusMonths(1), today.minusYears(86).minusMonths(2)))
			.append('\n');
		for (int i = 0; i < this.size; i++) {
			lines.append(population.nextLine()).append('\n');
		}
		var job = this.imports.submit(new ByteArrayInputStream(lines.toString().getBytes(StandardCharsets.UTF_8)), "demo");
		log.info("Loading {} synthetic demo residents and the demo card holder's family (import {})", this.size, job);
	}

}
