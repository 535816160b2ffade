package org.tsunagu.portal.internal;

import java.time.Duration;

import org.tsunagu.platform.PagePolicy;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * The account and console pages: no Spring sign-in of their own (the account signs in through the provider, the
 * console with an operator credential, each kept in the session by its controller), a CSRF token on every form,
 * the strict Content Security Policy, no framing, no referrer, and no caching of personal pages.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class PortalSecurity {

	/** A lock object per session ({@code WebUtils.getSessionMutex}), so that one session refreshes its tokens once. */
	@Bean
	org.springframework.boot.web.servlet.ServletListenerRegistrationBean<org.springframework.web.util.HttpSessionMutexListener> sessionMutex() {
		return new org.springframework.boot.web.servlet.ServletListenerRegistrationBean<>(
				new org.springframework.web.util.HttpSessionMutexListener());
	}

	@Bean
	@Order(4)
	SecurityFilterChain portalPages(HttpSecurity http) throws Exception {
		http.securityMatcher("/", "/account/**", "/callback", "/console", "/console/**")
			.authorizeHttpRequests((authorize) -> authorize.anyRequest().permitAll())
			.headers((headers) -> headers.contentSecurityPolicy((csp) -> csp.policyDirectives(PagePolicy.csp("'self'")))
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
				.frameOptions((frames) -> frames.deny())
				.httpStrictTransportSecurity((hsts) -> hsts.maxAgeInSeconds(Duration.ofDays(365).toSeconds())))
			.requestCache((cache) -> cache.disable())
			.formLogin((form) -> form.disable())
			.httpBasic((basic) -> basic.disable())
			.logout((logout) -> logout.disable());
		return http.build();
	}

}
