package org.tsunagu.eligibility.web;

import java.util.Map;

import org.tsunagu.eligibility.internal.EligibilityChecks;
import org.tsunagu.organisation.Organisation;
import org.tsunagu.organisation.Organisations;
import org.tsunagu.platform.ApiProblem;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The check at the clinic ({@code eligibility:check}, the clinic's own client-credentials token). */
@RestController
@RequestMapping(path = "/api/v1/eligibility", produces = MediaType.APPLICATION_JSON_VALUE)
final class EligibilityController {

	private final EligibilityChecks checks;

	private final Organisations organisations;

	private final org.tsunagu.eligibility.internal.EligibilityDocuments documents;

	EligibilityController(EligibilityChecks checks, Organisations organisations,
			org.tsunagu.eligibility.internal.EligibilityDocuments documents) {
		this.checks = checks;
		this.organisations = organisations;
		this.documents = documents;
	}

	/** The keys eligibility documents are signed with (public): a clinic verifies a printed document offline. */
	@org.springframework.web.bind.annotation.GetMapping(path = "/keys", produces = { "application/jwk-set+json",
			MediaType.APPLICATION_JSON_VALUE })
	ResponseEntity<Map<String, Object>> keys() {
		return ResponseEntity.ok()
			.cacheControl(org.springframework.http.CacheControl.maxAge(java.time.Duration.ofHours(1)).cachePublic())
			.body(this.documents.keys());
	}

	@PostMapping("/challenges")
	ResponseEntity<EligibilityChecks.Challenge> challenge(Authentication caller) {
		return ResponseEntity.status(HttpStatus.CREATED).body(this.checks.challenge(clinic(caller)));
	}

	@PostMapping(path = "/checks", consumes = MediaType.APPLICATION_JSON_VALUE)
	Map<String, Object> check(@RequestBody EligibilityChecks.CheckRequest request, Authentication caller) {
		return this.checks.check(clinic(caller), request);
	}

	private Organisation clinic(Authentication caller) {
		String clientId = caller instanceof JwtAuthenticationToken jwt ? jwt.getToken().getClaimAsString("client_id") : null;
		return (clientId == null ? java.util.Optional.<Organisation>empty() : this.organisations.findByClientId(clientId))
			.filter((organisation) -> "clinic".equals(organisation.kind()))
			.orElseThrow(() -> ApiProblem.of(HttpStatus.FORBIDDEN, "not-a-clinic", "Not a clinic",
					"Eligibility is checked by a registered clinic with its own token."));
	}

}
