package org.tsunagu.delegation.web;

import java.net.URI;
import java.util.Map;
import java.util.UUID;

import org.tsunagu.delegation.internal.DelegationEndings;
import org.tsunagu.delegation.internal.DelegationForms;
import org.tsunagu.delegation.internal.DelegationRegistry;
import org.tsunagu.platform.ApiProblem;
import org.tsunagu.registry.Residents;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operators' side: record a child's legal representative, a guardian or a registered power of attorney with
 * its evidence ({@code registry:write}), list a person's delegations ({@code registry:read}), end one on a court's
 * order, and record a protection order.
 */
@RestController
final class DelegationController {

	private final DelegationRegistry registry;

	private final DelegationEndings endings;

	private final Residents residents;

	DelegationController(DelegationRegistry registry, DelegationEndings endings, Residents residents) {
		this.registry = registry;
		this.endings = endings;
		this.residents = residents;
	}

	@PostMapping(path = "/api/v1/delegations", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> record(@RequestBody DelegationForms.OperatorRecord form, Authentication operator) {
		Map<String, Object> recorded = this.registry.record(form, operator.getName());
		return ResponseEntity.created(URI.create("/api/v1/delegations/" + recorded.get("id"))).body(recorded);
	}

	@GetMapping(path = "/api/v1/residents/{id}/delegations", produces = MediaType.APPLICATION_JSON_VALUE)
	Map<String, Object> of(@PathVariable UUID id) {
		if (this.residents.find(id).isEmpty()) {
			throw ApiProblem.notFound("The resident");
		}
		return this.registry.of(id, null);
	}

	@PostMapping(path = "/api/v1/delegations/{id}/end", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Void> end(@PathVariable UUID id, @RequestBody DelegationForms.Ending form, Authentication operator) {
		this.endings.endByOperator(id, form, operator.getName());
		return ResponseEntity.noContent().build();
	}

	@PostMapping(path = "/api/v1/residents/{id}/protection-orders", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Void> protect(@PathVariable UUID id, @RequestBody DelegationForms.ProtectionOrder form,
			Authentication operator) {
		this.endings.protect(id, form, operator.getName());
		return ResponseEntity.status(201).build();
	}

}
