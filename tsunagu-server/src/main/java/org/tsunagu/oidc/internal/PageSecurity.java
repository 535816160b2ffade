package org.tsunagu.oidc.internal;

import java.time.Duration;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * The sign-in pages and their static assets: a strict Content Security Policy (scripts and styles from this
 * origin only, no inline code), CSRF tokens on every form, no framing, no referrer leaving the site. The wallet's
 * pairing calls are JSON without cookies, so they need no CSRF token; they are rate limited instead. The consent
 * page needs a signed-in session whatever the method.
 */
@Configuration(proxyBeanMethods = false)
@org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication
class PageSecurity {

	/** The pages' policy; {@code formAction} widens form targets where a form's answer redirects to a service. */
	static String policy(String formAction) {
		return org.tsunagu.platform.PagePolicy.csp(formAction);
	}

	@Bean
	@Order(2)
	SecurityFilterChain signInPages(HttpSecurity http) throws Exception {
		http.securityMatcher("/signin", "/signin/**", "/webjars/**", "/assets/**")
			.authorizeHttpRequests((authorize) -> authorize
				// every method: a HEAD would otherwise reach the GET handler without a session
				.requestMatchers("/signin/consent").authenticated()
				.anyRequest().permitAll())
			.csrf((csrf) -> csrf.ignoringRequestMatchers("/signin/pairings/**"))
			.headers((headers) -> headers
				.contentSecurityPolicy((csp) -> csp.policyDirectives(policy("'self'")))
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
				.frameOptions((frames) -> frames.deny())
				.httpStrictTransportSecurity((hsts) -> hsts.maxAgeInSeconds(Duration.ofDays(365).toSeconds())))
			.requestCache((cache) -> cache.disable())
			.formLogin((form) -> form.disable())
			.httpBasic((basic) -> basic.disable());
		return http.build();
	}

}
