package org.tsunagu.delegation.internal;

import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tsunagu.platform.DemoStart;
import org.tsunagu.registry.Residents;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The demo data's delegations: the demo card holder is her daughter's legal representative (from the family
 * register) and her father's guardian (a court's order), at every service that accepts proxies, recorded on the
 * first start of the embedded demo once the family is in the registry.
 */
@Component
class DemoDelegations {

	private static final Logger log = LoggerFactory.getLogger(DemoDelegations.class);

	private final DelegationRegistry registry;

	private final JdbcDelegations store;

	private final Residents residents;

	private final boolean enabled;

	DemoDelegations(DelegationRegistry registry, JdbcDelegations store, Residents residents,
			@Value("${tsunagu.demo.enabled:auto}") String enabled, @Value("${spring.datasource.url:}") String databaseUrl) {
		this.registry = registry;
		this.store = store;
		this.residents = residents;
		this.enabled = DemoStart.onEmbedded(enabled, databaseUrl);
	}

	@EventListener(ApplicationReadyEvent.class)
	void createOnFirstStart() {
		if (!this.enabled) {
			return;
		}
		DemoStart.when("demo-delegations", () -> this.residents.findByExternalReference("demo-father")
			.flatMap((father) -> this.residents.findByExternalReference("demo-child")
				.flatMap((child) -> this.residents.findByExternalReference("demo-card-holder")
					.map((holder) -> new UUID[] { holder, child, father }))), (family) -> {
						try {
							create(family[0], family[1], family[2]);
						}
						catch (RuntimeException ex) {
							log.warn("No demo delegations: {}", org.tsunagu.platform.Failures.describe(ex));
						}
					}, () -> log.warn("No demo delegations: the demo family is missing"));
	}

	private void create(UUID holder, UUID child, UUID father) {
		if (!this.store.of(holder).isEmpty()) {
			return;
		}
		List<String> claims = List.of("profile", "birthdate", "address");
		this.registry.record(new DelegationForms.OperatorRecord("legal-representative", child, holder, List.of("*"), claims,
				null, new DelegationForms.Evidence("family-register", "Chiyoda demo register 2010-0505", "demo-municipality")),
				"demo");
		this.registry.record(new DelegationForms.OperatorRecord("guardian", father, holder, List.of("*"), claims,
				java.time.LocalDate.now().plusYears(3).toString(),
				new DelegationForms.Evidence("court-order", "Tokyo Family Court demo 2025-123", "demo-municipality")), "demo");
		log.info("Demo delegations ready: the demo card holder acts for her daughter and her father");
	}

}
