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
		// by the wall clock: what is deleted has really expired, whatever time the rest of the server is told it is
		java.time.Instant now = java.time.Clock.systemUTC().instant();
		this.authorizations.purge(now);
		this.assertions.purge(now);
		this.pairings.purge(now);
	}

}
