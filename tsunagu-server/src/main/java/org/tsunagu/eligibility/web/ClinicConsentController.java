package org.tsunagu.eligibility.web;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.tsunagu.eligibility.internal.ClinicConsents;
import org.tsunagu.eligibility.internal.CurrentCoverage;
import org.tsunagu.platform.ApiProblem;
import org.tsunagu.platform.ResidentCaller;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The resident's own health insurance: {@code GET /api/v1/me/coverage} (the coverage a clinic would be shown
 * today, and every coverage recorded), {@code GET /api/v1/me/clinic-consents} (which clinics may see my
 * medication and check-up history) and withdrawing such a consent. For the resident's own clients only (the
 * wallet, the resident pages): a service's token, which should not learn where the person is treated, is refused.
 */
@RestController
final class ClinicConsentController {

	private final ClinicConsents consents;

	private final CurrentCoverage coverage;

	ClinicConsentController(ClinicConsents consents, CurrentCoverage coverage) {
		this.consents = consents;
		this.coverage = coverage;
	}

	@GetMapping(path = "/api/v1/me/coverage", produces = MediaType.APPLICATION_JSON_VALUE)
	Map<String, Object> coverage(Authentication authentication) {
		return this.coverage.summary(ResidentCaller.firstParty(authentication).residentId());
	}

	@GetMapping(path = "/api/v1/me/clinic-consents", produces = MediaType.APPLICATION_JSON_VALUE)
	List<ClinicConsents.Consent> list(Authentication authentication) {
		return this.consents.list(ResidentCaller.firstParty(authentication).residentId());
	}

	@DeleteMapping("/api/v1/me/clinic-consents/{clinicId}")
	ResponseEntity<Void> withdraw(Authentication authentication, @PathVariable String clinicId) {
		UUID resident = ResidentCaller.firstParty(authentication).residentId();
		UUID clinic;
		try {
			clinic = UUID.fromString(clinicId);
		}
		catch (IllegalArgumentException ex) {
			throw ApiProblem.notFound("A consent for that clinic");
		}
		this.consents.withdraw(resident, clinic);
		return ResponseEntity.noContent().build();
	}

}
