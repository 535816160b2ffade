package org.tsunagu.oidc.internal;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.tsunagu.platform.ApiProblem;
import org.tsunagu.platform.PublicUrl;
import org.tsunagu.platform.RateLimits;
import org.tsunagu.platform.StrictJson;
import org.tsunagu.registry.ResidentFacts;
import org.tsunagu.registry.Residents;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.security.web.webauthn.api.AuthenticatorAssertionResponse;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.api.PublicKeyCredential;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialCreationOptions;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRequestOptions;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRpEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.jackson.WebauthnJacksonModule;
import org.springframework.security.web.webauthn.management.ImmutablePublicKeyCredentialCreationOptionsRequest;
import org.springframework.security.web.webauthn.management.ImmutablePublicKeyCredentialRequestOptionsRequest;
import org.springframework.security.web.webauthn.management.ImmutableRelyingPartyRegistrationRequest;
import org.springframework.security.web.webauthn.management.RelyingPartyAuthenticationRequest;
import org.springframework.security.web.webauthn.management.RelyingPartyPublicKey;
import org.springframework.security.web.webauthn.management.WebAuthnRelyingPartyOperations;
import org.springframework.security.web.webauthn.management.Webauthn4JRelyingPartyOperations;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * Passkeys (WebAuthn Level 3, through Spring Security's relying-party operations on webauthn4j). A resident adds
 * one on {@code /signin/passkeys} within ten minutes of a card sign-in, never after a passkey sign-in; a passkey
 * signs in at level substantial (or lower, if the record is). The relying party id and origin are the server's
 * public URL.
 */
@Controller
class PasskeyController {

	static final Duration FRESH_CARD = Duration.ofMinutes(10);

	private static final String CREATION = "tsunagu.passkey.creation";

	private static final String REQUEST = "tsunagu.passkey.request";

	private final JdbcPasskeys credentials;

	private final PasskeyUsers users;

	private final PublicUrl publicUrl;

	private final Residents residents;

	private final SignInController signIn;

	private final Clock clock;

	private final RateLimits limits;

	private final JsonMapper json = StrictJson.builder().addModule(new WebauthnJacksonModule()).build();

	private volatile WebAuthnRelyingPartyOperations operations;

	PasskeyController(JdbcPasskeys credentials, PasskeyUsers users, PublicUrl publicUrl, Residents residents,
			SignInController signIn, Clock clock, RateLimits limits) {
		this.limits = limits;
		this.credentials = credentials;
		this.users = users;
		this.publicUrl = publicUrl;
		this.residents = residents;
		this.signIn = signIn;
		this.clock = clock;
	}

	/** Built on first use: the public URL (and a test's port) is known only once the server listens. */
	private WebAuthnRelyingPartyOperations operations() {
		WebAuthnRelyingPartyOperations current = this.operations;
		if (current == null) {
			URI base = URI.create(this.publicUrl.base());
			Webauthn4JRelyingPartyOperations operations = new Webauthn4JRelyingPartyOperations(this.users, this.credentials,
					PublicKeyCredentialRpEntity.builder().id(base.getHost()).name("Tsunagu").build(),
					Set.of(base.getScheme() + "://" + base.getRawAuthority()));
			// level substantial needs two factors: the key and its PIN or biometric, so user verification is required
			operations.setCustomizeCreationOptions((options) -> options.authenticatorSelection(
					org.springframework.security.web.webauthn.api.AuthenticatorSelectionCriteria.builder()
						.userVerification(org.springframework.security.web.webauthn.api.UserVerificationRequirement.REQUIRED)
						.residentKey(org.springframework.security.web.webauthn.api.ResidentKeyRequirement.REQUIRED)
						.build()));
			operations.setCustomizeRequestOptions((options) -> options
				.userVerification(org.springframework.security.web.webauthn.api.UserVerificationRequirement.REQUIRED));
			current = operations;
			this.operations = current;
		}
		return current;
	}

	@GetMapping("/signin/passkeys")
	String page(Model model) {
		ResidentAuthentication resident = freshCard();
		PublicKeyCredentialUserEntity user = this.users.findByUsername(this.users.nameOf(resident.residentId()));
		java.time.format.DateTimeFormatter format = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
			.withZone(java.time.ZoneId.of("Asia/Tokyo"));
		model.addAttribute("passkeys", user == null ? java.util.List.of()
				: this.credentials.findByUserId(user.getId()).stream()
					.map((c) -> new PasskeyView(c.getLabel(), format.format(c.getCreated()), c.getCredentialId().toBase64UrlString()))
					.toList());
		return "signin/passkeys";
	}

	@PostMapping(path = "/signin/passkeys/options", produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseBody
	String creationOptions(HttpSession session) {
		ResidentAuthentication resident = freshCard();
		String display = this.residents.find(resident.residentId()).map(ResidentFacts::fullName).orElse("Tsunagu");
		// the authenticator keeps an opaque name, never the registry's id; the display name is the person's own name
		String name = this.users.nameOf(resident.residentId());
		PublicKeyCredentialCreationOptions options = operations().createPublicKeyCredentialCreationOptions(
				new ImmutablePublicKeyCredentialCreationOptionsRequest(
						org.springframework.security.authentication.UsernamePasswordAuthenticationToken.authenticated(name, null,
								java.util.List.of())));
		session.setAttribute(CREATION, options);
		return this.json.writeValueAsString(options).replace("\"displayName\":" + this.json.writeValueAsString(name),
				"\"displayName\":" + this.json.writeValueAsString(display));
	}

	@PostMapping(path = "/signin/passkeys", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> register(@RequestBody String body, HttpSession session) {
		freshCard();
		PublicKeyCredentialCreationOptions options = (PublicKeyCredentialCreationOptions) session.getAttribute(CREATION);
		session.removeAttribute(CREATION);
		if (options == null) {
			throw ApiProblem.of(HttpStatus.BAD_REQUEST, "no-passkey-ceremony", "No passkey registration in progress",
					"Ask for the options first.");
		}
		CredentialRecord record;
		try {
			RelyingPartyPublicKey key = this.json.readValue(body, RelyingPartyPublicKey.class);
			record = operations().registerCredential(new ImmutableRelyingPartyRegistrationRequest(options, key));
		}
		catch (RuntimeException ex) {
			throw ApiProblem.of(HttpStatus.BAD_REQUEST, "passkey-refused", "The passkey was not accepted",
					"The authenticator's answer did not verify.");
		}
		this.credentials.save(record);
		return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("registered", true, "label", record.getLabel()));
	}

	@PostMapping(path = "/signin/passkeys/remove")
	String remove(@org.springframework.web.bind.annotation.RequestParam("credential") String credential) {
		ResidentAuthentication resident = freshCard();
		PublicKeyCredentialUserEntity user = this.users.findByUsername(this.users.nameOf(resident.residentId()));
		CredentialRecord record = this.credentials.findByCredentialId(
				org.springframework.security.web.webauthn.api.Bytes.fromBase64(credential));
		if (user != null && record != null && record.getUserEntityUserId().equals(user.getId())) {
			this.credentials.delete(record.getCredentialId());
		}
		return "redirect:/signin/passkeys";
	}

	@PostMapping(path = "/signin/passkey/options", produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseBody
	String requestOptions(HttpServletRequest request) {
		// each ceremony is a session and a challenge held in it
		this.limits.check(ProviderRates.PASSKEY, request);
		HttpSession session = request.getSession();
		PublicKeyCredentialRequestOptions options = operations()
			.createCredentialRequestOptions(new ImmutablePublicKeyCredentialRequestOptionsRequest(null));
		session.setAttribute(REQUEST, options);
		return this.json.writeValueAsString(options);
	}

	@PostMapping(path = "/signin/passkey", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseBody
	Map<String, String> authenticate(@RequestBody String body, HttpServletRequest request, HttpServletResponse response) {
		this.limits.check(ProviderRates.PASSKEY, request);
		HttpSession session = request.getSession();
		PublicKeyCredentialRequestOptions options = (PublicKeyCredentialRequestOptions) session.getAttribute(REQUEST);
		session.removeAttribute(REQUEST);
		if (options == null) {
			throw ApiProblem.of(HttpStatus.BAD_REQUEST, "no-passkey-ceremony", "No passkey sign-in in progress",
					"Ask for the options first.");
		}
		PublicKeyCredentialUserEntity user;
		try {
			PublicKeyCredential<AuthenticatorAssertionResponse> credential = this.json.readValue(body,
					new TypeReference<PublicKeyCredential<AuthenticatorAssertionResponse>>() {
					});
			user = operations().authenticate(new RelyingPartyAuthenticationRequest(options, credential));
		}
		catch (RuntimeException ex) {
			throw ApiProblem.of(HttpStatus.UNAUTHORIZED, "passkey-refused", "The passkey was not accepted",
					"Sign in with your card instead.");
		}
		ResidentFacts facts = this.users.residentOf(user)
			.flatMap(this.residents::find)
			.filter(ResidentFacts::living)
			.orElseThrow(() -> ApiProblem.of(HttpStatus.UNAUTHORIZED, "passkey-refused", "The passkey was not accepted",
					"Sign in with your card instead."));
		String level = Levels.lower("substantial", facts.assurance().eidas());
		this.signIn.signIn(request, response, new ResidentAuthentication(facts.id(), "passkey", level, this.clock.instant()));
		SavedRequest saved = new HttpSessionRequestCache().getRequest(request, response);
		return Map.of("redirect", saved == null ? "/" : saved.getRedirectUrl());
	}

	/** A passkey as its owner sees it. */
	record PasskeyView(String label, String added, String id) {
	}

	/** The session's resident, signed in with the card within {@link #FRESH_CARD}. */
	private ResidentAuthentication freshCard() {
		Authentication current = SecurityContextHolder.getContext().getAuthentication();
		// a sign-in acting for someone else is the proxy's, never the represented person's own: it adds no passkey
		if (current instanceof ResidentAuthentication resident && !resident.acting() && "card".equals(resident.method())
				&& resident.authenticatedAt().plus(FRESH_CARD).isAfter(this.clock.instant())) {
			return resident;
		}
		throw ApiProblem.of(HttpStatus.FORBIDDEN, "card-needed", "Sign in with your card first",
				"A passkey is added or removed within ten minutes of signing in with the card.");
	}

}
