package org.tsunagu.eligibility.web;

import java.util.List;
import java.util.UUID;

import org.tsunagu.eligibility.internal.ClinicConsents;
import org.tsunagu.oidc.ProviderTokens;
import org.tsunagu.platform.ApiProblem;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Which clinics may see my medication and check-up history, and withdrawing that: the resident's own wallet's
 * token (scope {@code me:read}); a service's token, which should not learn where the person is treated, is refused.
 */
@RestController
@RequestMapping(path = "/api/v1/me/clinic-consents", produces = MediaType.APPLICATION_JSON_VALUE)
final class ClinicConsentController {

	private final ClinicConsents consents;

	private final ProviderTokens tokens;

	ClinicConsentController(ClinicConsents consents, ProviderTokens tokens) {
		this.consents = consents;
		this.tokens = tokens;
	}

	@GetMapping
	List<ClinicConsents.Consent> list(@AuthenticationPrincipal Jwt token) {
		return this.consents.list(resident(token));
	}

	@DeleteMapping("/{clinicId}")
	ResponseEntity<Void> withdraw(@AuthenticationPrincipal Jwt token, @PathVariable String clinicId) {
		UUID clinic;
		try {
			clinic = UUID.fromString(clinicId);
		}
		catch (IllegalArgumentException ex) {
			throw ApiProblem.notFound("A consent for that clinic");
		}
		this.consents.withdraw(resident(token), clinic);
		return ResponseEntity.noContent().build();
	}

	private UUID resident(Jwt token) {
		if (!"tsunagu-wallet".equals(token.getClaimAsString("client_id"))) {
			throw ApiProblem.of(HttpStatus.FORBIDDEN, "wallet-only", "For the resident's wallet only",
					"Clinic consents are read and withdrawn with the resident's own wallet.");
		}
		return this.tokens.resident(token)
			.orElseThrow(() -> ApiProblem.of(HttpStatus.FORBIDDEN, "not-a-resident", "Not a resident's token",
					"This call needs a resident's own access token."));
	}

}
