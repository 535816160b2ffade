package org.tsunagu.transparency.internal;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/** The log is public and read-only: anyone may GET it, no one may change it over HTTP, no session, no cookie. */
@Configuration(proxyBeanMethods = false)
@org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication
class LogSecurity {

	@Bean
	@Order(3)
	SecurityFilterChain transparencyLog(HttpSecurity http) throws Exception {
		http.securityMatcher("/log/**")
			.authorizeHttpRequests((authorize) -> authorize.requestMatchers(HttpMethod.GET, "/log/**").permitAll().anyRequest().denyAll())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable())
			.requestCache((cache) -> cache.disable());
		return http.build();
	}

}
