package org.tsunagu.credentials.issuer;

import java.time.Clock;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Removes spent nonces, old offers and deferrals past their time. */
@Component
class IssuerHousekeeping {

	private final Nonces nonces;

	private final CredentialOffers offers;

	private final CredentialDeferrals deferrals;

	IssuerHousekeeping(Nonces nonces, CredentialOffers offers, CredentialDeferrals deferrals) {
		this.nonces = nonces;
		this.offers = offers;
		this.deferrals = deferrals;
	}

	@Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT5M")
	void purge() {
		java.time.Instant now = Clock.systemUTC().instant();
		this.nonces.purge(now);
		this.offers.purge(now);
		this.deferrals.purge(now);
	}

}
