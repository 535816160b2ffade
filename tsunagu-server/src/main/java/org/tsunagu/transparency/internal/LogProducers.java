package org.tsunagu.transparency.internal;

import java.time.Clock;

import org.tsunagu.oidc.ClaimsReleased;
import org.tsunagu.pki.CertificateIssued;
import org.tsunagu.pki.CertificateRevoked;
import org.tsunagu.registry.ResidentChanged;
import org.tsunagu.registry.ResidentEnrolled;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * What goes into the log, as the other modules announce it: the registry's records, the card's certificates, and
 * each sign-in that releases claims to a service. The entry is appended in the transaction of the change itself
 * (a synchronous listener), so a change commits with its log entry or not at all. Certificate serials stay out of
 * public entries: a signing certificate's serial is known to every service that checks the holder's signatures.
 */
@Component
class LogProducers {

	static final String REGISTRY = "Tsunagu resident registry";

	static final String CA = "Tsunagu card CA";

	static final String ISSUER = "Tsunagu credential issuer";

	private final LogEntries entries;

	private final Clock clock;

	LogProducers(LogEntries entries, Clock clock) {
		this.entries = entries;
		this.clock = clock;
	}

	@EventListener
	void on(ResidentEnrolled event) {
		this.entries.append(new LogEntries.Entry("resident-enrolled:" + event.residentId() + ":" + event.version(), REGISTRY,
				"registry", event.residentId(), "resident record created (" + event.assuranceLevel() + ")",
				"enrolment in the resident registry", this.clock.instant()));
	}

	@EventListener
	void on(ResidentChanged event) {
		this.entries.append(new LogEntries.Entry("resident-changed:" + event.residentId() + ":" + event.version(), REGISTRY,
				"registry", event.residentId(), "resident record changed: " + event.change(),
				"life event recorded in the resident registry", this.clock.instant()));
	}

	@EventListener
	void on(CertificateIssued event) {
		this.entries.append(new LogEntries.Entry("certificate-issued:" + event.serial(), CA, "card-ca", event.residentId(),
				event.kind() + " certificate issued", "card issuance", this.clock.instant()));
	}

	@EventListener
	void on(CertificateRevoked event) {
		// a card can be suspended, reactivated and suspended again: each is its own entry
		this.entries.append(new LogEntries.Entry("certificate-revoked:" + event.serial() + ":" + event.reason() + ":"
				+ java.util.UUID.randomUUID(), CA, "card-ca", event.residentId(),
				event.kind() + " certificate " + switch (event.reason()) {
					case "certificateHold" -> "suspended";
					case "removeFromCRL" -> "reactivated";
					default -> "revoked (" + event.reason() + ")";
				},
				"card status change", this.clock.instant()));
	}

	@EventListener
	void on(org.tsunagu.eligibility.CoverageChanged event) {
		this.entries.append(new LogEntries.Entry("coverage-" + event.change() + ":" + event.insurerNumber() + ":"
				+ event.memberKey() + ":" + event.version() + ":" + java.util.UUID.randomUUID(), event.insurerName(), event.insurerNumber(), event.residentId(),
				"health insurance coverage " + event.change(), "health insurance membership kept by the insurer",
				event.at()));
	}

	@EventListener
	void on(org.tsunagu.eligibility.CoverageOverlapShown event) {
		this.entries.append(new LogEntries.Entry("coverage-overlap-shown:" + event.insurerNumber() + ":" + event.memberKey()
				+ ":" + java.util.UUID.randomUUID(), event.insurerName(), event.insurerNumber(), event.residentId(),
				"shown that you are also covered by " + event.others(), "checking a member's overlapping health insurance",
				event.at()));
	}

	@EventListener
	void on(org.tsunagu.eligibility.EligibilityChecked event) {
		this.entries.append(new LogEntries.Entry("eligibility-checked:" + event.checkId(), event.clinicName(), event.clinicCode(),
				event.residentId(), "health insurance eligibility checked (" + event.outcome() + ", card and " + event.method() + ")"
						+ (event.consented().isEmpty() ? "" : "; consent given: " + event.consented()),
				"insurance confirmation at the clinic", event.at()));
	}

	@EventListener
	void on(org.tsunagu.credentials.CredentialIssued event) {
		this.entries.append(new LogEntries.Entry("credential-issued:" + event.residentId() + ":" + java.util.UUID.randomUUID(),
				ISSUER, "credential-issuer", event.residentId(), "credential issued to your wallet: " + event.credential()
						+ (event.copies() == 1 ? "" : " (" + event.copies() + " one-time copies)"),
				"an offer you made from your account", event.at()));
	}

	@EventListener
	void on(org.tsunagu.credentials.CredentialsRevoked event) {
		this.entries.append(new LogEntries.Entry("credentials-revoked:" + event.residentId() + ":" + java.util.UUID.randomUUID(),
				ISSUER, "credential-issuer", event.residentId(), event.count() + " credential(s) in your wallet revoked ("
						+ event.reason() + ")", "what they said is no longer true", event.at()));
	}

	@EventListener
	void on(org.tsunagu.credentials.PresentationVerified event) {
		this.entries.append(new LogEntries.Entry("presentation-verified:" + java.util.UUID.randomUUID(), event.verifierName(),
				event.verifierId(), event.residentId(), "shown from your wallet: " + String.join(", ", event.claims()),
				"a presentation you made to " + event.verifierName(), event.at()));
	}

	@EventListener
	void on(ClaimsReleased event) {
		this.entries.append(new LogEntries.Entry("claims-released:" + event.grantId() + ":" + event.at().toEpochMilli(),
				event.serviceName(), event.clientId(),
				event.residentId(), "claims released: " + String.join(" ", event.scopes()),
				"sign-in with the person's consent", event.at()));
	}

}
