package org.tsunagu.oidc.internal;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Removes what can no longer be used: expired grants, spent assertion ids, old sign-in pairings. */
@Component
class Housekeeping {

	private final SealedAuthorizations authorizations;

	private final ClientAssertions assertions;

	private final SignInPairings pairings;

	Housekeeping(SealedAuthorizations authorizations, ClientAssertions assertions, SignInPairings pairings) {
		this.authorizations = authorizations;
		this.assertions = assertions;
		this.pairings = pairings;
	}

	@Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT5M")
	void purge() {
		this.authorizations.purge();
		this.assertions.purge();
		this.pairings.purge();
	}

}
