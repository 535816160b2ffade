package org.tsunagu.organisation.web;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import org.tsunagu.organisation.Organisation;
import org.tsunagu.organisation.internal.OrganisationForm;
import org.tsunagu.organisation.internal.OrganisationRegistry;
import org.tsunagu.platform.ApiProblem;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The organisation registry for operators (role {@code oidc:admin}, since each organisation gets a client). */
@RestController
@RequestMapping(path = "/api/v1/organisations", produces = MediaType.APPLICATION_JSON_VALUE)
final class OrganisationController {

	private final OrganisationRegistry registry;

	OrganisationController(OrganisationRegistry registry) {
		this.registry = registry;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Organisation> register(@RequestBody OrganisationForm form, Authentication operator) {
		Organisation registered = this.registry.register(form, operator.getName());
		return ResponseEntity.created(URI.create("/api/v1/organisations/" + registered.id())).body(registered);
	}

	@GetMapping
	List<Organisation> list() {
		return this.registry.list();
	}

	@GetMapping("/{id}")
	Organisation find(@PathVariable String id) {
		UUID uuid;
		try {
			uuid = UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			throw ApiProblem.notFound("The organisation");
		}
		return this.registry.find(uuid).orElseThrow(() -> ApiProblem.notFound("The organisation"));
	}

}
