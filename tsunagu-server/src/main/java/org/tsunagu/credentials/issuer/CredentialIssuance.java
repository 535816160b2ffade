package org.tsunagu.credentials.issuer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.nimbusds.jose.jwk.ECKey;
import org.tsunagu.credentials.CredentialIssued;
import org.tsunagu.credentials.status.StatusLists;
import org.tsunagu.platform.ApiProblem;
import org.tsunagu.platform.PublicUrl;
import org.tsunagu.registry.ResidentFacts;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The credential endpoint's work (OpenID4VCI section 8): the configuration asked for, within the token's scopes and
 * level; one proof per copy (at most {@link #BATCH_SIZE}), all answering one live nonce; the person's current
 * record; then one SD-JWT VC per proof, each with fresh salts and its own status entry so that copies cannot be
 * linked, all recorded and logged in one transaction. While an operator corrects a fact the credential carries,
 * the issuance is deferred (section 9) and made from the corrected record.
 */
@Component
class CredentialIssuance {

	static final int BATCH_SIZE = 10;

	/** How long a person identification credential is valid; a copy is meant to be used once. */
	static final Duration VALIDITY = Duration.ofDays(30);

	private final CredentialSubjects subjects;

	private final Nonces nonces;

	private final StatusLists lists;

	private final IssuerKey key;

	private final PublicUrl publicUrl;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	private final CredentialDeferrals deferrals;

	CredentialIssuance(CredentialSubjects subjects, Nonces nonces, StatusLists lists, IssuerKey key, PublicUrl publicUrl,
			Clock clock, ApplicationEventPublisher events, CredentialDeferrals deferrals) {
		this.deferrals = deferrals;
		this.subjects = subjects;
		this.nonces = nonces;
		this.lists = lists;
		this.key = key;
		this.publicUrl = publicUrl;
		this.clock = clock;
		this.events = events;
	}

	/** Who asks: the resident, the token's scopes, the level of the sign-in behind the token. */
	record Caller(UUID residentId, Set<String> scopes, String level) {
	}

	/**
	 * What the credential endpoint answers: the credentials, or, while an operator corrects a fact they carry, the
	 * transaction id to fetch them with from the deferred credential endpoint once the correction is closed.
	 */
	record Outcome(List<String> credentials, String transactionId) {
	}

	@Transactional
	Outcome issue(Caller caller, String configurationId, List<String> proofs) {
		CredentialConfigurations.Configuration configuration = CredentialConfigurations.byId(configurationId)
			.orElseThrow(() -> IssuanceErrors.of(HttpStatus.BAD_REQUEST, "unknown_credential_configuration",
					"Unknown credential configuration", "This issuer offers no credential configuration by that id."));
		allowed(caller, configuration);
		if (proofs.isEmpty() || proofs.size() > BATCH_SIZE) {
			throw IssuanceErrors.proof("Send between 1 and " + BATCH_SIZE + " proofs, one for each copy.");
		}
		String issuer = this.publicUrl.base();
		Instant now = this.clock.instant();
		List<HolderProofs.Proof> checked = new ArrayList<>();
		for (String proof : proofs) {
			try {
				checked.add(HolderProofs.verify(proof, issuer, now));
			}
			catch (HolderProofs.Invalid ex) {
				throw IssuanceErrors.proof(ex.getMessage());
			}
		}
		// one key for each copy: the same key twice would make two copies one can link
		if (checked.stream().map((p) -> p.holderKey().toPublicJWK().toJSONString()).distinct().count() != checked.size()) {
			throw IssuanceErrors.proof("Each proof is made with a key of its own, one for each copy.");
		}
		String nonce = checked.get(0).nonce();
		if (checked.stream().anyMatch((p) -> !p.nonce().equals(nonce)) || !this.nonces.consume(nonce)) {
			throw IssuanceErrors.nonce();
		}
		CredentialSubjects.Subject subject = subject(caller.residentId(), configuration);
		List<ECKey> holderKeys = checked.stream().map(HolderProofs.Proof::holderKey).toList();
		if (!CredentialConfigurations.underCorrection(configuration, subject.facts()).isEmpty()) {
			if (this.deferrals.waiting(subject.facts().id(), configuration.id())) {
				throw IssuanceErrors.of(HttpStatus.TOO_MANY_REQUESTS, "issuance_pending", "Already waiting",
						"A request for this credential is already waiting for the correction; use its transaction id.");
			}
			return new Outcome(List.of(), this.deferrals.defer(subject.facts().id(), configuration.id(), holderKeys));
		}
		return new Outcome(mint(configuration, subject, holderKeys, now), null);
	}

	/**
	 * The deferred credential endpoint's work: the credentials of a deferral once no fact they carry is being
	 * corrected, from the record as it is now; until then, nothing.
	 */
	@Transactional
	Optional<List<String>> deferred(Caller caller, String transactionId) {
		CredentialDeferrals.Pending pending = this.deferrals.pending(transactionId)
			.filter((p) -> p.residentId().equals(caller.residentId()))
			.orElseThrow(() -> IssuanceErrors.of(HttpStatus.BAD_REQUEST, "invalid_transaction_id",
					"Unknown transaction", "The transaction id is unknown, expired or already delivered."));
		CredentialConfigurations.Configuration configuration = CredentialConfigurations.byId(pending.configuration())
			.orElseThrow();
		allowed(caller, configuration);
		Instant now = this.clock.instant();
		CredentialSubjects.Subject subject = subject(caller.residentId(), configuration);
		if (!CredentialConfigurations.underCorrection(configuration, subject.facts()).isEmpty()) {
			return Optional.empty();
		}
		this.deferrals.delivered(transactionId);
		return Optional.of(mint(configuration, subject, pending.holderKeys(), now));
	}

	private static void allowed(Caller caller, CredentialConfigurations.Configuration configuration) {
		if (!caller.scopes().contains(configuration.scope())) {
			throw IssuanceErrors.of(HttpStatus.FORBIDDEN, "insufficient_scope", "Not in this token",
					"The access token was not issued for this credential; redeem an offer of it.");
		}
		if (rank(caller.level()) < rank(configuration.minimumLevel())) {
			throw IssuanceErrors.denied("This credential needs a sign-in at level " + configuration.minimumLevel() + ".");
		}
	}

	/** What the credential is drawn from, or the request denied with why there is nothing. */
	private CredentialSubjects.Subject subject(UUID residentId, CredentialConfigurations.Configuration configuration) {
		try {
			return this.subjects.of(residentId, configuration);
		}
		catch (CredentialSubjects.NothingToIssue ex) {
			throw IssuanceErrors.denied(ex.getMessage());
		}
	}

	/** One SD-JWT VC per holder key, each with fresh salts and its own status entry, recorded and logged. */
	private List<String> mint(CredentialConfigurations.Configuration configuration, CredentialSubjects.Subject subject,
			List<ECKey> holderKeys, Instant now) {
		String issuer = this.publicUrl.base();
		ResidentFacts facts = subject.facts();
		Map<String, Object> claims = CredentialClaims.of(configuration, subject);
		Instant expires = CredentialClaims.expiry(configuration, subject, now, VALIDITY);
		String vct = vct(issuer, configuration);
		List<String> credentials = new ArrayList<>();
		for (ECKey holderKey : holderKeys) {
			StatusLists.Entry entry = this.lists.allocate(facts.id(), configuration.id(), expires);
			credentials.add(SdJwtVcs.issue(this.key,
					new SdJwtVcs.Envelope(issuer, vct, holderKey, now, expires, entry.uri(), entry.index()), claims));
		}
		this.events.publishEvent(new CredentialIssued(facts.id(), configuration.en(), credentials.size(), now));
		return credentials;
	}

	static String vct(String issuer, CredentialConfigurations.Configuration configuration) {
		return issuer + "/credentials/types/" + configuration.type();
	}

	static int rank(String level) {
		return List.of("low", "substantial", "high").indexOf(level);
	}

	/** The level of a token's {@code acr} ({@code urn:tsunagu:loa:high} is {@code high}). */
	static String level(String acr) {
		if (acr == null) {
			throw ApiProblem.of(HttpStatus.FORBIDDEN, "not-a-resident", "Not a resident's token",
					"This call needs a resident's own access token.");
		}
		return acr.substring(Math.max(acr.lastIndexOf(':'), acr.lastIndexOf('/')) + 1);
	}

}
