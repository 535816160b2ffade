package org.tsunagu.credentials.issuer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.tsunagu.platform.ApiProblem;
import org.tsunagu.platform.PublicUrl;
import org.tsunagu.platform.RateLimits;
import org.tsunagu.platform.ResidentCaller;
import org.tsunagu.platform.StrictJson;
import org.tsunagu.registry.ResidentFacts;
import org.tsunagu.registry.Residents;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The credential issuer's endpoints: the nonce endpoint, the credential endpoint (a DPoP-bound access token from
 * a redeemed offer), and the person's own offers ({@code POST /api/v1/me/credential-offers}, through the resident
 * pages or the wallet, signed in at the level the credential needs).
 */
@RestController
class CredentialController {

	private static final JsonMapper JSON = StrictJson.mapper();

	/** Nonces per address: a wallet asks one per credential request. */
	static final RateLimits.Rate NONCES = new RateLimits.Rate("nonce", 600, 100);

	private final CredentialIssuance issuance;

	private final Nonces nonces;

	private final CredentialOffers offers;

	private final Residents residents;

	private final PublicUrl publicUrl;

	private final CredentialSubjects subjects;

	private final RateLimits limits;

	CredentialController(CredentialIssuance issuance, Nonces nonces, CredentialOffers offers, Residents residents,
			PublicUrl publicUrl, CredentialSubjects subjects, RateLimits limits) {
		this.limits = limits;
		this.subjects = subjects;
		this.issuance = issuance;
		this.nonces = nonces;
		this.offers = offers;
		this.residents = residents;
		this.publicUrl = publicUrl;
	}

	@PostMapping(path = "/credentials/nonce", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> nonce(jakarta.servlet.http.HttpServletRequest request) {
		// each nonce is a row until it expires, and anyone may ask
		this.limits.check(NONCES, request);
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(Map.of("c_nonce", this.nonces.issue()));
	}

	@PostMapping(path = "/api/v1/credentials/credential", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> credential(Authentication authentication, @RequestBody Map<String, Object> body) {
		if (body.containsKey("credential_identifier")) {
			throw IssuanceErrors.request("This issuer gives no credential identifiers; name credential_configuration_id.");
		}
		if (!(body.get("credential_configuration_id") instanceof String configuration)) {
			throw IssuanceErrors.request("credential_configuration_id is required, a string.");
		}
		CredentialIssuance.Outcome outcome = this.issuance.issue(caller(authentication), configuration, proofs(body));
		if (outcome.transactionId() != null) {
			return deferredAnswer(outcome.transactionId());
		}
		return credentialsAnswer(outcome.credentials());
	}

	/**
	 * The deferred credential endpoint (OpenID4VCI section 9): the credentials once the correction that held them
	 * is closed; until then 202 with the same transaction id and how long to wait.
	 */
	@PostMapping(path = "/api/v1/credentials/deferred_credential", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> deferred(Authentication authentication, @RequestBody Map<String, Object> body) {
		if (!(body.get("transaction_id") instanceof String transactionId) || transactionId.isEmpty()
				|| transactionId.length() > 100) {
			throw IssuanceErrors.of(org.springframework.http.HttpStatus.BAD_REQUEST, "invalid_transaction_id",
					"Unknown transaction", "transaction_id is required: the one the credential endpoint answered.");
		}
		return this.issuance.deferred(caller(authentication), transactionId)
			.map(CredentialController::credentialsAnswer)
			.orElseGet(() -> deferredAnswer(transactionId));
	}

	private static CredentialIssuance.Caller caller(Authentication authentication) {
		ResidentCaller caller = ResidentCaller.of(authentication);
		Set<String> scopes = new LinkedHashSet<>();
		for (GrantedAuthority authority : authentication.getAuthorities()) {
			if (authority.getAuthority().startsWith("SCOPE_")) {
				scopes.add(authority.getAuthority().substring("SCOPE_".length()));
			}
		}
		return new CredentialIssuance.Caller(caller.residentId(), scopes, CredentialIssuance.level(caller.acr()));
	}

	private static ResponseEntity<Map<String, Object>> credentialsAnswer(List<String> credentials) {
		List<Map<String, Object>> answer = credentials.stream().<Map<String, Object>>map((c) -> Map.of("credential", c)).toList();
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(Map.of("credentials", answer));
	}

	/** 202: a fact the credential carries is being corrected; come back after {@code interval} seconds. */
	private static ResponseEntity<Map<String, Object>> deferredAnswer(String transactionId) {
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("transaction_id", transactionId);
		answer.put("interval", CredentialDeferrals.INTERVAL);
		return ResponseEntity.status(HttpStatus.ACCEPTED).cacheControl(CacheControl.noStore()).body(answer);
	}

	/** The JWT proofs: {@code proofs.jwt}, an array (1.0), or the single {@code proof} of earlier drafts. */
	private static List<String> proofs(Map<String, Object> body) {
		Object many = body.get("proofs");
		Object one = body.get("proof");
		if (many != null && one != null) {
			throw IssuanceErrors.request("Send proofs or proof, not both.");
		}
		List<String> jwts = new ArrayList<>();
		if (many instanceof Map<?, ?> proofs && proofs.size() == 1 && proofs.get("jwt") instanceof List<?> list) {
			for (Object jwt : list) {
				if (!(jwt instanceof String s) || s.length() > 8192) {
					throw IssuanceErrors.proof("Each proof in proofs.jwt is a JWT of at most 8 KiB.");
				}
				jwts.add(s);
			}
		}
		else if (one instanceof Map<?, ?> proof && "jwt".equals(proof.get("proof_type")) && proof.get("jwt") instanceof String s
				&& s.length() <= 8192) {
			jwts.add(s);
		}
		else {
			throw IssuanceErrors.proof("Send proofs as {\"jwt\": [...]}, one openid4vci-proof+jwt per copy.");
		}
		return jwts;
	}

	/** When the person signed in, as the token says. */
	private static java.time.Instant signedInAt(Authentication authentication) {
		if (authentication instanceof org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken token
				&& token.getToken().getClaim("auth_time") instanceof Number seconds) {
			return java.time.Instant.ofEpochSecond(seconds.longValue());
		}
		return java.time.Instant.now();
	}

	/** A new offer of the person's own credentials, for their wallet. */
	@Transactional
	@PostMapping(path = "/api/v1/me/credential-offers", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> offer(Authentication authentication, @RequestBody Map<String, Object> body) {
		ResidentCaller caller = ResidentCaller.firstParty(authentication);
		String level = CredentialIssuance.level(caller.acr());
		if (!(body.get("credentials") instanceof List<?> asked) || asked.isEmpty() || asked.size() > CredentialConfigurations.ALL.size()) {
			throw ApiProblem.of(HttpStatus.BAD_REQUEST, "validation", "The request is not valid",
					"credentials is a list of the credential configuration ids to offer.");
		}
		List<String> configurations = new ArrayList<>();
		for (Object id : asked) {
			CredentialConfigurations.Configuration configuration = CredentialConfigurations.byId(String.valueOf(id))
				.orElseThrow(() -> ApiProblem.of(HttpStatus.BAD_REQUEST, "unknown-credential", "Unknown credential",
						"No credential of that id is offered; see the issuer metadata."));
			if (configurations.contains(configuration.id())) {
				throw ApiProblem.of(HttpStatus.BAD_REQUEST, "validation", "The request is not valid",
						"Each credential is named once.");
			}
			if (CredentialIssuance.rank(level) < CredentialIssuance.rank(configuration.minimumLevel())) {
				throw ApiProblem.of(HttpStatus.FORBIDDEN, "level-too-low", "Sign in with your card",
						"The " + configuration.en() + " credential is offered after a sign-in at level "
								+ configuration.minimumLevel() + ".");
			}
			configurations.add(configuration.id());
		}
		this.residents.find(caller.residentId())
			.filter(ResidentFacts::living)
			.orElseThrow(() -> ApiProblem.of(HttpStatus.CONFLICT, "resident-not-living", "No credentials",
					"There is no current record to issue credentials from."));
		for (String id : configurations) {
			try {
				this.subjects.of(caller.residentId(), CredentialConfigurations.byId(id).orElseThrow());
			}
			catch (CredentialSubjects.NothingToIssue ex) {
				throw ApiProblem.of(HttpStatus.CONFLICT, "credential-not-applicable", "Nothing to issue",
						ex.getMessage());
			}
		}
		CredentialOffers.Created created = this.offers.create(this.publicUrl.base(), caller.residentId(),
				caller.withCard() ? "card" : "passkey", level, signedInAt(authentication), configurations);
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("offer", created.offer());
		answer.put("offerUri", CredentialOffers.uri(JSON.writeValueAsString(created.offer())));
		answer.put("txCode", created.txCode());
		answer.put("expiresAt", created.expiresAt().toString());
		return ResponseEntity.status(HttpStatus.CREATED).cacheControl(CacheControl.noStore()).body(answer);
	}

}
