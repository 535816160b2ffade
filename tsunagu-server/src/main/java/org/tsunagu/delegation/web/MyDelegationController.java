package org.tsunagu.delegation.web;

import java.util.Map;
import java.util.UUID;

import org.tsunagu.delegation.internal.DelegationEndings;
import org.tsunagu.delegation.internal.DelegationForms;
import org.tsunagu.delegation.internal.DelegationRegistry;
import org.tsunagu.platform.ResidentCaller;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The person's own side, through their own clients (the wallet, the resident pages): who may act for them and for
 * whom they may act; a mandate drafted, then signed by the card's signing key in the wallet; a mandate withdrawn,
 * or stepped down from.
 */
@RestController
final class MyDelegationController {

	private final DelegationRegistry registry;

	private final DelegationEndings endings;

	MyDelegationController(DelegationRegistry registry, DelegationEndings endings) {
		this.registry = registry;
		this.endings = endings;
	}

	@GetMapping(path = "/api/v1/me/delegations", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> mine(Authentication authentication) {
		ResidentCaller me = ResidentCaller.firstParty(authentication);
		Map<String, Object> answer = new java.util.LinkedHashMap<>(this.registry.of(me.residentId(), me.residentId()));
		answer.put("services", this.registry.proxyServices());
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(answer);
	}

	@PostMapping(path = "/api/v1/me/mandates", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> draft(Authentication authentication, @RequestBody DelegationForms.Mandate form) {
		ResidentCaller me = ResidentCaller.firstParty(authentication);
		return ResponseEntity.status(201).cacheControl(CacheControl.noStore()).body(this.registry.draftMandate(me.residentId(), form));
	}

	@PostMapping(path = "/api/v1/me/mandates/{id}/signature", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	Map<String, Object> sign(Authentication authentication, @PathVariable UUID id, @RequestBody DelegationForms.Signature form) {
		ResidentCaller me = ResidentCaller.firstParty(authentication);
		return this.registry.signMandate(me.residentId(), id, form);
	}

	@PostMapping(path = "/api/v1/me/delegations/{id}/end")
	ResponseEntity<Void> end(Authentication authentication, @PathVariable UUID id) {
		ResidentCaller me = ResidentCaller.firstParty(authentication);
		this.endings.endByResident(id, me.residentId());
		return ResponseEntity.noContent().build();
	}

}
