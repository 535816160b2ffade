package org.tsunagu.credentials.issuer;

import java.time.Clock;
import java.time.LocalDate;
import java.util.UUID;

import org.tsunagu.eligibility.InsuranceQualification;
import org.tsunagu.eligibility.InsuranceQualifications;
import org.tsunagu.registry.ResidentFacts;
import org.tsunagu.registry.Residents;

import org.springframework.stereotype.Component;

/**
 * What a credential is drawn from for a person: their current record in the registry and, for the health
 * insurance credential, the one coverage current today. The offer and the issuance ask here, so that an offer is
 * made only for what can be issued.
 */
@Component
class CredentialSubjects {

	private final Residents residents;

	private final InsuranceQualifications insurance;

	private final Clock clock;

	private final org.tsunagu.platform.TsunaguProperties properties;

	CredentialSubjects(Residents residents, InsuranceQualifications insurance, Clock clock,
			org.tsunagu.platform.TsunaguProperties properties) {
		this.residents = residents;
		this.insurance = insurance;
		this.clock = clock;
		this.properties = properties;
	}

	/**
	 * The facts behind a credential.
	 * @param insurance the current coverage, for the health insurance credential only; {@code null} otherwise
	 * @param zone the country's time zone, whose days the claims and their ends are counted in
	 */
	record Subject(ResidentFacts facts, InsuranceQualification insurance, LocalDate today, java.time.ZoneId zone) {
	}

	/** Why there is nothing to issue the credential from; the message is a sentence for the person. */
	static final class NothingToIssue extends RuntimeException {

		NothingToIssue(String message) {
			super(message, null, false, false);
		}

	}

	/** The subject of a configuration for a living resident, or why there is none. */
	Subject of(UUID residentId, CredentialConfigurations.Configuration configuration) {
		ResidentFacts facts = this.residents.find(residentId)
			.filter(ResidentFacts::living)
			.orElseThrow(() -> new NothingToIssue("There is no current record to issue this credential from."));
		LocalDate today = this.properties.today(this.clock);
		InsuranceQualification coverage = null;
		if (configuration == CredentialConfigurations.INSURANCE) {
			try {
				coverage = this.insurance.current(residentId)
					.orElseThrow(() -> new NothingToIssue("No health insurance coverage is current today."));
			}
			catch (InsuranceQualification.Overlapping ex) {
				throw new NothingToIssue("More than one health insurance coverage is current today; ask your insurers "
						+ "which one covers you, as a clinic would.");
			}
		}
		Subject subject = new Subject(facts, coverage, today, this.properties.zone());
		if (!CredentialClaims.appliesTo(configuration, subject)) {
			throw new NothingToIssue("The record holds nothing for the " + configuration.en() + " credential.");
		}
		return subject;
	}

}
