package org.tsunagu.platform.internal;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Beans every module may inject. */
@Configuration(proxyBeanMethods = false)
class PlatformConfiguration {

	/** The fast signing provider, chosen (and installed first where it loads) before anything signs or verifies. */
	@Bean
	java.security.Provider signingProvider() {
		return org.tsunagu.platform.CryptoProviders.ecdsa();
	}

	/**
	 * No observation around each security filter, authentication and authorization: wrapping every filter of every
	 * chain cost a large share of a token request even with those observations disabled. Requests are still timed
	 * whole ({@code http.server.requests}), and authentication failures are still logged by the modules.
	 */
	@Bean
	org.springframework.security.config.observation.SecurityObservationSettings securityObservationSettings() {
		return org.springframework.security.config.observation.SecurityObservationSettings.noObservations();
	}

	/** The one clock of the server: inject it wherever time matters, so that tests can set the time. */
	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
