package org.tsunagu.credentials.status;

import java.util.List;

import org.tsunagu.credentials.issuer.CredentialConfigurations;
import org.tsunagu.pki.CertificateRevoked;
import org.tsunagu.registry.ResidentChanged;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * When a credential stops being true: the card revoked or suspended (every credential, since the card proved the
 * holder at issuance), the person died or emigrated (every credential), a name, an address, a status of residence
 * or a nationality changed, or an insurer changed the person's coverage (the credentials that carry them). Each is revoked in the transaction of the change itself, so the status list says so
 * as soon as the change commits.
 */
@Component
class Revocations {

	private final StatusLists lists;

	Revocations(StatusLists lists) {
		this.lists = lists;
	}

	@EventListener
	void on(CertificateRevoked event) {
		// the card's authentication key proved the holder at issuance (a name or address change revokes what carries
		// them, below)
		if (!event.concernsTheCard()) {
			return;
		}
		switch (event.reason()) {
			case "removeFromCRL" -> {
				// a card taken out of suspension does not bring its credentials back: the wallet takes new ones
			}
			case "certificateHold" -> this.lists.revoke(event.residentId(), List.of(), "card-suspended");
			default -> this.lists.revoke(event.residentId(), List.of(), "card-revoked");
		}
	}

	/** A coverage recorded, changed or ended: the health insurance credential no longer says what is current. */
	@EventListener
	void on(org.tsunagu.eligibility.CoverageChanged event) {
		this.lists.revoke(event.residentId(),
				CredentialConfigurations.dependingOn(CredentialConfigurations.Depends.COVERAGE), "coverage-" + event.change());
	}

	@EventListener
	void on(ResidentChanged event) {
		switch (event.change()) {
			case "died", "emigrated" -> this.lists.revoke(event.residentId(), List.of(), event.change());
			case "name-changed" -> this.lists.revoke(event.residentId(),
					CredentialConfigurations.dependingOn(CredentialConfigurations.Depends.NAME), event.change());
			case "address-changed" -> this.lists.revoke(event.residentId(),
					CredentialConfigurations.dependingOn(CredentialConfigurations.Depends.ADDRESS), event.change());
			// a new status of residence, period or nationality: the credentials that carry either
			case "residence-changed" -> this.lists.revoke(event.residentId(), java.util.stream.Stream
				.concat(CredentialConfigurations.dependingOn(CredentialConfigurations.Depends.RESIDENCE).stream(),
						CredentialConfigurations.dependingOn(CredentialConfigurations.Depends.NATIONALITY).stream())
				.distinct()
				.toList(), event.change());
			default -> {
			}
		}
	}

}
