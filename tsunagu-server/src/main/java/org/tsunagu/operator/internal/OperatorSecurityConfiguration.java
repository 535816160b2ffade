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

	/** Scopes a service's own token may carry that map onto operator roles. */
	/** What an organisation's client may do (an insurer's coverage, a clinic's checks, an agency's exchanges). */
	static final java.util.Set<String> SERVICE_SCOPES = java.util.Set.copyOf(org.tsunagu.oidc.ServiceClients.ORGANISATION_SCOPES);

	static final java.util.Set<String> ROLE_SCOPES = java.util.Arrays.stream(OperatorRole.values())
		.map(OperatorRole::authority)
		.collect(java.util.stream.Collectors.toUnmodifiableSet());

	/**
	 * Bearer or DPoP tokens of two kinds: the operator credentials ({@code tsu_op_...}, looked up), and this
	 * platform's own access tokens (JWTs, checked by the OpenID Provider). A service's client-credentials token
	 * holds the operator roles its scopes name; a resident's token holds {@code SCOPE_} authorities for the
	 * resident's own APIs and never an operator role.
	 */
	static org.springframework.security.authentication.AuthenticationManager tokens(OperatorTokenIntrospector introspector,
			org.tsunagu.oidc.ProviderTokens providerTokens) {
		var opaque = new org.springframework.security.oauth2.server.resource.authentication.OpaqueTokenAuthenticationProvider(
				introspector);
		return (authentication) -> {
			var bearer = (org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken) authentication;
			String token = bearer.getToken();
			if (token.startsWith("tsu_op_") || token.indexOf('.') < 0) {
				return opaque.authenticate(authentication);
			}
			var jwt = providerTokens.verify(token);
			String scope = jwt.getClaimAsString("scope");
			boolean person = jwt.getClaimAsString("acr") != null;
			java.util.List<org.springframework.security.core.GrantedAuthority> authorities = scope == null ? java.util.List.of()
					: java.util.Arrays.stream(scope.split(" "))
						.filter((s) -> person ? !ROLE_SCOPES.contains(s) && !SERVICE_SCOPES.contains(s)
								: ROLE_SCOPES.contains(s) || SERVICE_SCOPES.contains(s))
						.<org.springframework.security.core.GrantedAuthority>map((s) -> new org.springframework.security.core.authority.SimpleGrantedAuthority(
								person ? "SCOPE_" + s : s))
						.toList();
			var authenticated = new org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken(jwt,
					authorities, jwt.getSubject());
			if (person) {
				providerTokens.resident(jwt)
					.ifPresent((resident) -> authenticated.setDetails(new org.tsunagu.platform.ResidentCaller(resident,
							jwt.getClaimAsString("client_id"), org.tsunagu.oidc.ProviderTokens.firstParty(jwt), jwt.getClaimAsString("acr"))));
			}
			return authenticated;
		};
	}

	@Bean
	SecurityFilterChain operatorApi(HttpSecurity http, OperatorTokenIntrospector introspector, ProblemWriter problems,
			org.tsunagu.oidc.ProviderTokens providerTokens,
			org.tsunagu.transparency.AccessLog log, java.time.Clock clock)
			throws Exception {
		var manager = tokens(introspector, providerTokens);
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
				.requestMatchers(HttpMethod.GET, "/api/v1/eligibility/keys", "/api/v1/exchange/jwks")
				.permitAll()
				.requestMatchers("/api/v1/me", "/api/v1/me/**").hasAuthority("SCOPE_me:read")
				// a wallet's token from a redeemed credential offer; the issuer checks its scopes against the request
				.requestMatchers(HttpMethod.POST, "/api/v1/credentials/credential", "/api/v1/credentials/deferred_credential")
				.authenticated()
				.requestMatchers("/api/v1/presentations", "/api/v1/presentations/*").hasAuthority("presentation:request")
				.requestMatchers("/api/v1/oidc/**").hasAuthority(OIDC)
				.requestMatchers("/api/v1/residents/*/cards", "/api/v1/cards/**").hasAuthority(PKI)
				.requestMatchers("/api/v1/relying-parties", "/api/v1/relying-parties/**").hasAuthority(OIDC)
				.requestMatchers("/api/v1/organisations", "/api/v1/organisations/**").hasAuthority(OIDC)
				.requestMatchers("/api/v1/coverage/**").hasAuthority("coverage:write")
				.requestMatchers(HttpMethod.POST, "/api/v1/eligibility/challenges", "/api/v1/eligibility/checks")
				.hasAuthority("eligibility:check")
				.requestMatchers(HttpMethod.POST, "/api/v1/exchange/codes").hasAuthority("exchange:link")
				.requestMatchers("/api/v1/exchange/requests", "/api/v1/exchange/requests/*", "/api/v1/exchange/agencies")
				.hasAuthority("exchange:request")
				.requestMatchers("/api/v1/exchange/rules", "/api/v1/exchange/rules/*")
				.hasAuthority(OperatorRole.EXCHANGE_ADMIN.authority())
				.requestMatchers(HttpMethod.POST, "/api/v1/residents/search").hasAuthority(READ)
				.requestMatchers(HttpMethod.GET, "/api/v1/residents/**", "/api/v1/imports/**").hasAuthority(READ)
				.requestMatchers(HttpMethod.POST, "/api/v1/residents", "/api/v1/residents/import",
						"/api/v1/residents/*/events", "/api/v1/residents/*/number-reissue",
						"/api/v1/residents/*/protection-orders", "/api/v1/delegations", "/api/v1/delegations/*/end")
				.hasAuthority(WRITE)
				.anyRequest()
				.denyAll())
			.oauth2ResourceServer((resource) -> resource.authenticationManagerResolver((request) -> manager)
				.authenticationEntryPoint(entryPoint)
				.accessDeniedHandler(denied))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(entryPoint).accessDeniedHandler(denied))
			// consulted before Spring Security's own DPoP authentication, which compares htu as an exact string
			.authenticationProvider(org.tsunagu.oidc.DPoPProofs.resourceAuthentication(manager))
			.addFilterAfter(new org.tsunagu.oidc.DPoPReplayFilter(providerTokens::firstProofUse),
					org.springframework.security.web.access.intercept.AuthorizationFilter.class)
			.addFilterAfter(new OperatorActions(log, clock), org.tsunagu.oidc.DPoPReplayFilter.class)
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable())
			.requestCache((cache) -> cache.disable())
			.formLogin((form) -> form.disable())
			.httpBasic((basic) -> basic.disable());
		return http.build();
	}

}
