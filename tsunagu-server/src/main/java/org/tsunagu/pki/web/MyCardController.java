package org.tsunagu.pki.web;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.tsunagu.pki.internal.CardIssuer;
import org.tsunagu.pki.internal.CardLifecycle;
import org.tsunagu.pki.internal.CardView;
import org.tsunagu.platform.ApiProblem;
import org.tsunagu.platform.ResidentCaller;

import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The resident's own card: {@code GET /api/v1/me/cards} (each card's state, its certificates and their expiry),
 * {@code POST /api/v1/me/cards/{cardId}/suspend} (report it lost: both certificates are put on hold at once, and
 * sign-ins, signatures and eligibility checks by it stop), {@code .../reactivate} (found again) and
 * {@code .../renew} (new keys the wallet made, from three months before expiry). For the
 * resident's own clients only; a card that is not the caller's is not found.
 */
@RestController
final class MyCardController {

	private final CardIssuer issuer;

	private final CardLifecycle lifecycle;

	MyCardController(CardIssuer issuer, CardLifecycle lifecycle) {
		this.issuer = issuer;
		this.lifecycle = lifecycle;
	}

	@GetMapping(path = "/api/v1/me/cards", produces = MediaType.APPLICATION_JSON_VALUE)
	Map<String, List<CardView>> cards(Authentication authentication) {
		return Map.of("cards", this.issuer.cardsOf(ResidentCaller.firstParty(authentication).residentId()));
	}

	@PostMapping(path = "/api/v1/me/cards/{cardId}/suspend", produces = MediaType.APPLICATION_JSON_VALUE)
	CardView suspend(Authentication authentication, @PathVariable String cardId) {
		UUID card = mine(authentication, cardId);
		this.lifecycle.suspend(card);
		return this.issuer.view(card);
	}

	@PostMapping(path = "/api/v1/me/cards/{cardId}/reactivate", produces = MediaType.APPLICATION_JSON_VALUE)
	CardView reactivate(Authentication authentication, @PathVariable String cardId) {
		UUID card = mine(authentication, cardId);
		if (!ResidentCaller.of(authentication).withCard()) {
			// a card found again is reactivated by its holder signed in with it, or at the counter
			throw ApiProblem.of(org.springframework.http.HttpStatus.FORBIDDEN, "card-sign-in-needed", "Sign in with the card",
					"Reactivating a card needs a sign-in with the card itself (level high); otherwise the municipality reactivates it.");
		}
		this.lifecycle.reactivate(card);
		return this.issuer.view(card);
	}

	/** New certificates for new keys the wallet made, from three months before the current ones expire. */
	@PostMapping(path = "/api/v1/me/cards/{cardId}/renew", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	CardView renew(Authentication authentication, @PathVariable String cardId,
			@org.springframework.web.bind.annotation.RequestBody CardController.CertificateRequests requests) {
		UUID card = mine(authentication, cardId);
		if (!ResidentCaller.of(authentication).fromWallet()) {
			// new keys are made on the card: only the card's own wallet asks for their certificates
			throw ApiProblem.of(org.springframework.http.HttpStatus.FORBIDDEN, "wallet-only", "For the card's wallet only",
					"A card is renewed by its wallet, which makes the new keys.");
		}
		return this.issuer.renew(card, requests.authenticationCsr(), requests.signingCsr(), this.lifecycle);
	}

	private UUID mine(Authentication authentication, String cardId) {
		UUID resident = ResidentCaller.firstParty(authentication).residentId();
		try {
			UUID card = UUID.fromString(cardId);
			if (this.issuer.holds(resident, card)) {
				return card;
			}
		}
		catch (IllegalArgumentException ex) {
			// not a card id: not found, as any card that is not the caller's
		}
		throw ApiProblem.notFound("Your card");
	}

}
