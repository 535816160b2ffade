package org.tsunagu.oidc.internal;

import org.tsunagu.platform.RateLimits.Rate;

/**
 * What one caller may ask of the provider, per node: rates a person or a relying party never needs to exceed, and
 * a guesser or a flood always does. All are multiplied by {@code tsunagu.rate-limit-scale}.
 */
final class ProviderRates {

	/** Sign-in pages, each a new pairing code and session, per browser address. */
	static final Rate SIGN_IN_PAGE = new Rate("signin", 60, 20);

	/** The wallet's challenge and approval calls, per address. */
	static final Rate APPROVAL = new Rate("approval", 30, 10);

	/** Passkey ceremonies (options, then the assertion), per browser address. */
	static final Rate PASSKEY = new Rate("passkey", 60, 20);

	/** Token and pushed requests before the client is authenticated, per address: the cost of checking assertions. */
	static final Rate TOKEN = new Rate("token", 60_000, 5_000);

	/** Pushed requests of one authenticated client: each is stored for ten minutes. */
	static final Rate PUSHED_PER_CLIENT = new Rate("par-client", 300, 60);

	/** Pushed requests of authenticated clients from one address (a relying party may have several clients). */
	static final Rate PUSHED_PER_ADDRESS = new Rate("par", 600, 100);

	private ProviderRates() {
	}

}
