package org.tsunagu.operator.internal;

import org.tsunagu.operator.OperatorRole;
import org.tsunagu.platform.ApiProblem;
import org.tsunagu.platform.ProblemWriter;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may call what: health, metrics and the OpenAPI document are public; every operator API call needs a
 * bearer credential with the role the call names. Failures answer 401 or 403 as problem details.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6750#section-3">RFC 6750 section 3</a>
 */
@Configuration(proxyBeanMethods = false)
@org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication
class OperatorSecurityConfiguration {

	private static final String READ = OperatorRole.REGISTRY_READ.authority();

	private static final String WRITE = OperatorRole.REGISTRY_WRITE.authority();

	private static final String PKI = OperatorRole.PKI_ISSUE.authority();

	private static final String OIDC = OperatorRole.OIDC_ADMIN.authority();

	@Bean
	SecurityFilterChain operatorApi(HttpSecurity http, OperatorTokenIntrospector introspector, ProblemWriter problems)
			throws Exception {
		AuthenticationEntryPoint entryPoint = (request, response, ex) -> {
			boolean presented = request.getHeader("Authorization") != null;
			response.setHeader("WWW-Authenticate",
					presented ? "Bearer realm=\"tsunagu\", error=\"invalid_token\"" : "Bearer realm=\"tsunagu\"");
			problems.write(response, ApiProblem.of(HttpStatus.UNAUTHORIZED, "unauthenticated", "Authentication needed",
					presented ? "The bearer token is not a live operator credential."
							: "Send an operator credential as Authorization: Bearer <token>.")
				.getBody());
		};
		AccessDeniedHandler denied = (request, response, ex) -> {
			response.setHeader("WWW-Authenticate", "Bearer realm=\"tsunagu\", error=\"insufficient_scope\"");
			problems.write(response, ApiProblem.of(HttpStatus.FORBIDDEN, "forbidden", "Role missing",
					"The credential does not hold the role this operation needs.").getBody());
		};
		http.securityMatcher("/api/**", "/actuator/**", "/v3/api-docs/**", "/error")
			.authorizeHttpRequests((authorize) -> authorize
				.requestMatchers("/actuator/health/**", "/actuator/health", "/actuator/prometheus", "/v3/api-docs/**",
						"/error")
				.permitAll()
				.requestMatchers(HttpMethod.POST, "/api/v1/cards/*/pin-reset/redeem", "/api/v1/signatures/verify")
				.permitAll()
				.requestMatchers("/api/v1/residents/*/cards", "/api/v1/cards/**").hasAuthority(PKI)
				.requestMatchers("/api/v1/relying-parties", "/api/v1/relying-parties/**").hasAuthority(OIDC)
				.requestMatchers(HttpMethod.POST, "/api/v1/residents/search").hasAuthority(READ)
				.requestMatchers(HttpMethod.GET, "/api/v1/residents/**", "/api/v1/imports/**").hasAuthority(READ)
				.requestMatchers(HttpMethod.POST, "/api/v1/residents", "/api/v1/residents/import",
						"/api/v1/residents/*/events", "/api/v1/residents/*/number-reissue")
				.hasAuthority(WRITE)
				.anyRequest()
				.denyAll())
			.oauth2ResourceServer((resource) -> resource.opaqueToken((opaque) -> opaque.introspector(introspector))
				.authenticationEntryPoint(entryPoint)
				.accessDeniedHandler(denied))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(entryPoint).accessDeniedHandler(denied))
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable())
			.requestCache((cache) -> cache.disable())
			.formLogin((form) -> form.disable())
			.httpBasic((basic) -> basic.disable());
		return http.build();
	}

}
