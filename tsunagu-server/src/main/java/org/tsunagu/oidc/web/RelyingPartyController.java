package org.tsunagu.oidc.web;

import java.net.URI;
import java.util.List;

import org.tsunagu.oidc.internal.RelyingPartyForm;
import org.tsunagu.oidc.internal.RelyingPartyRegistry;
import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The relying-party registry for operators (role {@code oidc:admin}). */
@RestController
@RequestMapping(path = "/api/v1/relying-parties", produces = MediaType.APPLICATION_JSON_VALUE)
final class RelyingPartyController {

	private final RelyingPartyRegistry registry;

	RelyingPartyController(RelyingPartyRegistry registry) {
		this.registry = registry;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<RelyingPartyRegistry.View> register(@RequestBody RelyingPartyForm form, Authentication operator) {
		RelyingPartyRegistry.View registered = this.registry.register(form, operator.getName());
		return ResponseEntity.created(URI.create("/api/v1/relying-parties/" + registered.clientId())).body(registered);
	}

	@GetMapping
	List<RelyingPartyRegistry.View> list() {
		return this.registry.list();
	}

	@GetMapping("/{clientId}")
	RelyingPartyRegistry.View get(@PathVariable String clientId) {
		return this.registry.find(clientId);
	}

	@PatchMapping(path = "/{clientId}", consumes = { "application/merge-patch+json", MediaType.APPLICATION_JSON_VALUE })
	RelyingPartyRegistry.View patch(@PathVariable String clientId, @RequestBody JsonNode patch, Authentication operator) {
		return this.registry.patch(clientId, patch, operator.getName());
	}

}
