package org.tsunagu.pki.web;

import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import org.tsunagu.pki.internal.PinResets;
import org.tsunagu.pki.internal.SignatureVerifier;
import org.tsunagu.platform.RateLimits;
import org.tsunagu.platform.RateLimits.Rate;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * What card holders and relying parties call without an operator credential: redeeming a PIN reset code (the code
 * is the credential), and verifying a signature made with a card.
 */
@RestController
final class CardHolderController {

	/** Reset codes redeemed per address: a holder needs one, a guesser many. */
	static final Rate REDEEM = new Rate("pin-reset", 10, 5);

	/** Signatures checked per address: each is a CMS parse and a verification with a caller's key. */
	static final Rate VERIFY = new Rate("signature-check", 120, 30);

	private final PinResets pinResets;

	private final SignatureVerifier signatures;

	private final RateLimits limits;

	CardHolderController(PinResets pinResets, SignatureVerifier signatures, RateLimits limits) {
		this.pinResets = pinResets;
		this.signatures = signatures;
		this.limits = limits;
	}

	@PostMapping(path = "/api/v1/cards/{cardId}/pin-reset/redeem", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	Map<String, Object> redeem(@PathVariable UUID cardId, @RequestBody Redemption redemption, HttpServletRequest request) {
		this.limits.check(REDEEM, request);
		this.pinResets.redeem(cardId, redemption.slot(), redemption.code());
		return Map.of("slot", redemption.slot(), "reset", true);
	}

	@PostMapping(path = "/api/v1/signatures/verify", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	Map<String, Object> verify(@RequestBody SignedContent signed, HttpServletRequest request) {
		this.limits.check(VERIFY, request);
		return this.signatures.verify(signed.signature(), signed.content());
	}

	/** A reset code for a PIN slot. */
	record Redemption(String slot, String code) {

		@Override
		public String toString() {
			return "Redemption[slot=" + this.slot + ", code=redacted]";
		}

	}

	/** A detached CMS signature and the content it signs, both base64. */
	record SignedContent(String signature, String content) {
	}

}
