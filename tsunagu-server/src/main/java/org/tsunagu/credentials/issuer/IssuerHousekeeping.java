package org.tsunagu.credentials.issuer;

import java.time.Clock;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Removes spent nonces and old offers. */
@Component
class IssuerHousekeeping {

	private final Nonces nonces;

	private final CredentialOffers offers;

	IssuerHousekeeping(Nonces nonces, CredentialOffers offers) {
		this.nonces = nonces;
		this.offers = offers;
	}

	@Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT5M")
	void purge() {
		java.time.Instant now = Clock.systemUTC().instant();
		this.nonces.purge(now);
		this.offers.purge(now);
	}

}
