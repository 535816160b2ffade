package org.tsunagu.credentials.issuer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.tsunagu.credentials.CredentialIssued;
import org.tsunagu.credentials.status.StatusLists;
import org.tsunagu.platform.ApiProblem;
import org.tsunagu.platform.PublicUrl;
import org.tsunagu.registry.ResidentFacts;
import org.tsunagu.registry.Residents;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The credential endpoint's work (OpenID4VCI section 8): the configuration asked for, within the token's scopes and
 * level; one proof per copy (at most {@link #BATCH_SIZE}), all answering one live nonce; the person's current
 * record; then one SD-JWT VC per proof, each with fresh salts and its own status entry so that copies cannot be
 * linked, all recorded and logged in one transaction.
 */
@Component
class CredentialIssuance {

	static final int BATCH_SIZE = 10;

	/** How long a person identification credential is valid; a copy is meant to be used once. */
	static final Duration VALIDITY = Duration.ofDays(30);

	private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

	private final Residents residents;

	private final Nonces nonces;

	private final StatusLists lists;

	private final IssuerKey key;

	private final PublicUrl publicUrl;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	CredentialIssuance(Residents residents, Nonces nonces, StatusLists lists, IssuerKey key, PublicUrl publicUrl,
			Clock clock, ApplicationEventPublisher events) {
		this.residents = residents;
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

	@Transactional
	List<String> issue(Caller caller, String configurationId, List<String> proofs) {
		CredentialConfigurations.Configuration configuration = CredentialConfigurations.byId(configurationId)
			.orElseThrow(() -> IssuanceErrors.of(HttpStatus.BAD_REQUEST, "unknown_credential_configuration",
					"Unknown credential configuration", "This issuer offers no credential configuration by that id."));
		if (!caller.scopes().contains(configuration.scope())) {
			throw IssuanceErrors.of(HttpStatus.FORBIDDEN, "insufficient_scope", "Not in this token",
					"The access token was not issued for this credential; redeem an offer of it.");
		}
		if (rank(caller.level()) < rank(configuration.minimumLevel())) {
			throw IssuanceErrors.denied("This credential needs a sign-in at level " + configuration.minimumLevel() + ".");
		}
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
		String nonce = checked.get(0).nonce();
		if (checked.stream().anyMatch((p) -> !p.nonce().equals(nonce)) || !this.nonces.consume(nonce)) {
			throw IssuanceErrors.nonce();
		}
		ResidentFacts facts = this.residents.find(caller.residentId())
			.filter(ResidentFacts::living)
			.orElseThrow(() -> IssuanceErrors.denied("There is no current record to issue this credential from."));
		LocalDate today = LocalDate.ofInstant(now, JAPAN);
		Map<String, Object> claims = CredentialConfigurations.claims(configuration, facts, today);
		Instant expires = expiry(configuration, facts, now, today);
		String vct = vct(issuer, configuration);
		List<String> credentials = new ArrayList<>();
		for (HolderProofs.Proof proof : checked) {
			StatusLists.Entry entry = this.lists.allocate(facts.id(), configuration.id(), expires);
			credentials.add(SdJwtVcs.issue(this.key,
					new SdJwtVcs.Envelope(issuer, vct, proof.holderKey(), now, expires, entry.uri(), entry.index()), claims));
		}
		this.events.publishEvent(new CredentialIssued(facts.id(), configuration.en(), credentials.size(), now));
		return credentials;
	}

	static String vct(String issuer, CredentialConfigurations.Configuration configuration) {
		return issuer + "/credentials/types/" + configuration.type();
	}

	/** A month, and for the age credential no later than the day before the next age it speaks of is reached. */
	private static Instant expiry(CredentialConfigurations.Configuration configuration, ResidentFacts facts, Instant now,
			LocalDate today) {
		Instant expires = now.plus(VALIDITY);
		if (configuration == CredentialConfigurations.AGE) {
			LocalDate last = CredentialConfigurations.ageClaimsValidUntil(facts.birthDate(), today);
			if (last != null) {
				Instant end = last.plusDays(1).atStartOfDay(JAPAN).toInstant();
				if (end.isBefore(expires)) {
					expires = end;
				}
			}
		}
		return expires;
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
