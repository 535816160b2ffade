package org.tsunagu.credentials.issuer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The issuer's public documents and its nonce endpoint, and the verifier's wallet-facing endpoints (the request
 * object, the response): open to anyone, stateless. The credential endpoint and
 * the person's offers are APIs under {@code /api/}, behind the API's token checks.
 */
@Configuration(proxyBeanMethods = false)
@org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication
class CredentialSecurity {

	@Bean
	@Order(5)
	SecurityFilterChain credentialDocuments(HttpSecurity http) throws Exception {
		http.securityMatcher("/.well-known/openid-credential-issuer", "/.well-known/jwt-vc-issuer", "/credentials/**",
				"/presentations/**")
			.authorizeHttpRequests((authorize) -> authorize
				.requestMatchers(HttpMethod.GET, "/.well-known/openid-credential-issuer", "/.well-known/jwt-vc-issuer",
						"/credentials/types/*", "/credentials/status/*")
				.permitAll()
				.requestMatchers(HttpMethod.POST, "/credentials/nonce", "/presentations/responses")
				.permitAll()
				.requestMatchers(HttpMethod.GET, "/presentations/requests/*")
				.permitAll()
				.anyRequest()
				.denyAll())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable())
			.requestCache((cache) -> cache.disable())
			.formLogin((form) -> form.disable())
			.httpBasic((basic) -> basic.disable());
		return http.build();
	}

}
