package org.tsunagu.organisation.internal;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.tsunagu.organisation.Organisation;
import org.tsunagu.platform.Violations;

import static org.assertj.core.api.Assertions.assertThat;

/** An agency's endpoint: never the platform's own loopback where loopback endpoints are not allowed. */
class OrganisationRulesTest {

	private static Violations check(String endpoint, boolean loopback) {
		Violations v = new Violations();
		OrganisationRegistry.check(new OrganisationForm("agency", new Organisation.Names("Tax", "税務署"), "tax-office",
				Map.of("keys", java.util.List.of()), endpoint), v, loopback);
		return v;
	}

	@Test
	void checkWhenLoopbackIsNotAllowedThenLoopbackEndpointsAreRefusedAndHttpsElsewhereAccepted() {
		for (String endpoint : new String[] { "http://127.0.0.1:8091/exchange", "https://127.0.0.1/exchange",
				"http://[::1]:8091/exchange", "https://localhost/exchange", "http://LOCALHOST:8080/api/v1/residents" }) {
			assertThat(check(endpoint, false).list()).as(endpoint).anySatisfy((violation) -> assertThat(violation.pointer())
				.isEqualTo("/endpoint"));
		}
		assertThat(check("https://tax.example/exchange", false).isEmpty()).isTrue();
		assertThat(check("http://tax.example/exchange", false).isEmpty()).isFalse();
		// where the demo runs, the reference agencies answer on loopback
		assertThat(check("http://127.0.0.1:8091/exchange", true).isEmpty()).isTrue();
		assertThat(check("https://tax.example/exchange", true).isEmpty()).isTrue();
	}

}
