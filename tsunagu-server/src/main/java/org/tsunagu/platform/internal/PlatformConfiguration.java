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

	/**
	 * The builder of the mapper Spring reads request bodies with: the server's {@link org.tsunagu.platform.StrictJson}
	 * rules first, then {@code spring.jackson.*} and every customizer as Spring would apply them.
	 */
	@Bean
	@org.springframework.context.annotation.Scope("prototype")
	tools.jackson.databind.json.JsonMapper.Builder jsonMapperBuilder(
			org.springframework.beans.factory.ObjectProvider<org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer> customizers) {
		tools.jackson.databind.json.JsonMapper.Builder builder = org.tsunagu.platform.StrictJson.builder();
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder;
	}

	/** The one clock of the server: inject it wherever time matters, so that tests can set the time. */
	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
