package org.tsunagu.oidc.internal;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import org.tsunagu.pki.CardAuthentication;
import org.tsunagu.platform.ApiProblem;
import org.tsunagu.platform.RateLimits;
import org.tsunagu.platform.Violations;

import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The wallet's side of a card sign-in: fetch the challenge for the code the login page shows, then post the card's
 * signature over it with the authentication certificate. An unknown, expired or spent code gets the same answer
 * as any other bad code: nothing here tells whether a code or a person exists.
 */
@RestController
class PairingApi {

	private final SignInPairings pairings;

	private final RelyingPartyClients clients;

	private final RateLimits limits;

	PairingApi(SignInPairings pairings, RelyingPartyClients clients, RateLimits limits) {
		this.pairings = pairings;
		this.clients = clients;
		this.limits = limits;
	}

	@PostMapping(path = "/signin/pairings/challenge", consumes = "application/json")
	Map<String, Object> challenge(@RequestBody CodeForm form, jakarta.servlet.http.HttpServletRequest request) {
		this.limits.check(ProviderRates.APPROVAL, request);
		if (form.code() == null || form.code().isBlank()) {
			Violations v = new Violations();
			v.add("/code", "The code the sign-in page shows is required.");
			v.throwIfAny();
		}
		SignInPairings.Challenge challenge = this.pairings.challenge(form.code()).orElseThrow(PairingApi::unknownCode);
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("challenge", challenge.challenge());
		answer.put("origin", origin());
		answer.put("expiresAt", challenge.expiresAt().toString());
		RegisteredClient client = challenge.clientId() == null ? null : this.clients.findByClientId(challenge.clientId());
		if (client != null) {
			answer.put("service", Map.of("en", client.getClientName(), "ja",
					client.getClientSettings().getSetting(RelyingPartyClients.NAME_JA)));
		}
		answer.put("signedData", "tsunagu-signin-v1 LF origin LF code LF challenge (UTF-8)");
		return answer;
	}

	@PostMapping(path = "/signin/pairings/approval", consumes = "application/json")
	Map<String, Object> approve(@RequestBody ApprovalForm form, jakarta.servlet.http.HttpServletRequest request) {
		this.limits.check(ProviderRates.APPROVAL, request);
		Violations v = new Violations();
		if (form.code() == null || form.code().isBlank()) {
			v.add("/code", "The code the sign-in page shows is required.");
		}
		byte[] certificate = base64(form.certificate(), "/certificate", v);
		byte[] signature = base64(form.signature(), "/signature", v);
		v.throwIfAny();
		try {
			CardAuthentication.Authenticated who = this.pairings.approve(form.code(), origin(), certificate, signature);
			return Map.of("approved", true, "certificateSerial", who.certificateSerial());
		}
		catch (CardAuthentication.Refused ex) {
			if ("unknown_code".equals(ex.reason())) {
				throw unknownCode();
			}
			throw ApiProblem.of(HttpStatus.FORBIDDEN, "card-refused", "The card was not accepted", ex.getMessage());
		}
	}

	private static String origin() {
		return ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString();
	}

	private static ApiProblem unknownCode() {
		return ApiProblem.of(HttpStatus.NOT_FOUND, "unknown-code", "Unknown code",
				"The code is unknown, has expired or was used. Start again on the sign-in page.");
	}

	private static byte[] base64(String value, String pointer, Violations v) {
		if (value == null || value.isBlank()) {
			v.add(pointer, "Required, as base64.");
			return null;
		}
		if (value.length() > 16_384) {
			v.add(pointer, "Too long.");
			return null;
		}
		try {
			return Base64.getDecoder().decode(value);
		}
		catch (IllegalArgumentException ex) {
			v.add(pointer, "Not valid base64.");
			return null;
		}
	}

	record CodeForm(String code) {
	}

	record ApprovalForm(String code, String certificate, String signature) {
	}

}
