package org.tsunagu.pki.web;

import java.net.URI;
import java.util.UUID;

import org.tsunagu.pki.internal.CardIssuer;
import org.tsunagu.pki.internal.CardLifecycle;
import org.tsunagu.pki.internal.CardView;
import org.tsunagu.pki.internal.PinResets;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Card issuance and lifecycle for operators (role {@code pki:issue}). */
@RestController
final class CardController {

	private final CardIssuer issuer;

	private final CardLifecycle lifecycle;

	private final PinResets pinResets;

	CardController(CardIssuer issuer, CardLifecycle lifecycle, PinResets pinResets) {
		this.issuer = issuer;
		this.lifecycle = lifecycle;
		this.pinResets = pinResets;
	}

	@PostMapping(path = "/api/v1/residents/{id}/cards", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<CardView> issue(@PathVariable UUID id, @RequestBody CertificateRequests requests) {
		CardView card = this.issuer.issue(id, requests.authenticationCsr(), requests.signingCsr());
		return ResponseEntity.created(URI.create("/api/v1/cards/" + card.cardId())).body(card);
	}

	@GetMapping(path = "/api/v1/residents/{id}/cards", produces = MediaType.APPLICATION_JSON_VALUE)
	java.util.Map<String, java.util.List<CardView>> cardsOf(@PathVariable UUID id) {
		return java.util.Map.of("cards", this.issuer.cardsOf(id));
	}

	@GetMapping(path = "/api/v1/cards/{cardId}", produces = MediaType.APPLICATION_JSON_VALUE)
	CardView card(@PathVariable UUID cardId) {
		return this.issuer.view(cardId);
	}

	@PostMapping(path = "/api/v1/cards/{cardId}/suspend", produces = MediaType.APPLICATION_JSON_VALUE)
	CardView suspend(@PathVariable UUID cardId) {
		this.lifecycle.suspend(cardId);
		return this.issuer.view(cardId);
	}

	@PostMapping(path = "/api/v1/cards/{cardId}/reactivate", produces = MediaType.APPLICATION_JSON_VALUE)
	CardView reactivate(@PathVariable UUID cardId) {
		this.lifecycle.reactivate(cardId);
		return this.issuer.view(cardId);
	}

	@PostMapping(path = "/api/v1/cards/{cardId}/revoke", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	CardView revoke(@PathVariable UUID cardId, @RequestBody Revocation revocation) {
		this.lifecycle.revoke(cardId, revocation.reason());
		return this.issuer.view(cardId);
	}

	@PostMapping(path = "/api/v1/cards/{cardId}/renew", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	CardView renew(@PathVariable UUID cardId, @RequestBody CertificateRequests requests) {
		return this.issuer.renew(cardId, requests.authenticationCsr(), requests.signingCsr(), this.lifecycle);
	}

	@PostMapping(path = "/api/v1/cards/{cardId}/pin-reset", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	java.util.Map<String, Object> pinReset(@PathVariable UUID cardId, @RequestBody PinSlot slot) {
		return this.pinResets.issue(cardId, slot.slot());
	}

	/** Two PKCS#10 requests, PEM or base64 DER; the signing one is left out under age 15. */
	record CertificateRequests(String authenticationCsr, String signingCsr) {
	}

	/** Which PIN: {@code auth} or {@code sign}. */
	record PinSlot(String slot) {
	}

	/** An RFC 5280 reason name, such as {@code keyCompromise}. */
	record Revocation(String reason) {
	}

}
