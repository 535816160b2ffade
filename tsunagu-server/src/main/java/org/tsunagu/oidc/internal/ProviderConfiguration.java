package org.tsunagu.oidc.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.tsunagu.platform.TsunaguProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.core.session.SessionRegistryImpl;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.authentication.JwtClientAssertionAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationValidator;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2PushedAuthorizationRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcUserInfoAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.session.HttpSessionEventPublisher;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.util.StringUtils;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * Spring Authorization Server, hardened to the FAPI 2.0 Security Profile: pushed authorization requests required,
 * PKCE S256, {@code private_key_jwt} only ({@link ClientAssertions}), DPoP-bound tokens only ({@link TokenClaims}),
 * {@code iss} in every authorization response (RFC 9207), ES256 everywhere, pairwise subjects, and discovery that
 * advertises exactly that.
 *
 * @see <a href="https://openid.net/specs/fapi-security-profile-2_0-final.html">FAPI 2.0 Security Profile</a>
 */
@Configuration(proxyBeanMethods = false)
@org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication
class ProviderConfiguration {

	static final List<String> ALGORITHMS = List.of("ES256", "PS256");

	static final Set<String> PERSON_SCOPES = RelyingPartyRules.SCOPES;

	@Bean
	AuthorizationServerSettings authorizationServerSettings(TsunaguProperties properties) {
		AuthorizationServerSettings.Builder settings = AuthorizationServerSettings.builder();
		String configured = properties.publicUrl();
		if (configured != null && !configured.isBlank()) {
			settings.issuer(configured.endsWith("/") ? configured.substring(0, configured.length() - 1) : configured);
		}
		return settings.build();
	}

	@Bean
	JwtEncoder jwtEncoder(SigningKeys keys) {
		return new ProviderJwtEncoder(keys);
	}

	/**
	 * Verifies this provider's own access tokens: ES256 by a published key, {@code typ} {@code at+jwt} (so an ID
	 * token is never taken for an access token), issued by this issuer, within its lifetime.
	 */
	@Bean
	JwtDecoder jwtDecoder(SigningKeys keys, AccessTokenIssuer issuer) {
		DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
		processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256, keys));
		processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt")));
		processor.setJWTClaimsSetVerifier((claims, context) -> {
		});
		NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
		decoder.setJwtValidator(new org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator<>(
				new org.springframework.security.oauth2.jwt.JwtTypeValidator("at+jwt"), issuer,
				new org.springframework.security.oauth2.jwt.JwtTimestampValidator()));
		return decoder;
	}

	@Bean
	SessionRegistry sessionRegistry() {
		return new SessionRegistryImpl();
	}

	@Bean
	HttpSessionEventPublisher httpSessionEventPublisher() {
		return new HttpSessionEventPublisher();
	}

	@Bean
	@Order(1)
	SecurityFilterChain authorizationServer(HttpSecurity http, RelyingPartyClients clients,
			SealedAuthorizations authorizations, Consents consents, ClientAssertions assertions,
			ResidentClaims residentClaims, BackChannelLogout backChannel, ProviderErrors errors,
			org.tsunagu.registry.Residents residents, java.time.Clock clock, RateLimits limits, CardGrant cardGrant,
			PreAuthorizedCodeGrant preAuthorized,
			org.springframework.transaction.support.TransactionTemplate transactions,
			org.tsunagu.oidc.ProxyDelegations delegations) throws Exception {
		http.oauth2AuthorizationServer((server) -> {
			http.securityMatcher(server.getEndpointsMatcher());
			server.registeredClientRepository(clients)
				.authorizationService(authorizations)
				.authorizationConsentService(consents)
				.clientAuthentication((authentication) -> authentication
					.authenticationConverter(CardGrant::walletClient)
					.authenticationConverter(new AssertionClientConverter())
					.authenticationConverter(PreAuthorizedCodeGrant::anonymousWallet)
					.authenticationProvider(CardGrant.walletClientProvider(clients))
					.authenticationProvider(PreAuthorizedCodeGrant.anonymousWalletProvider(clients))
					.authenticationProviders((providers) -> providers.forEach((provider) -> {
						if (provider instanceof JwtClientAssertionAuthenticationProvider jwt) {
							jwt.setJwtDecoderFactory(assertions);
						}
					})))
				.pushedAuthorizationRequestEndpoint((par) -> par
					.authenticationProviders((providers) -> providers.forEach((provider) -> {
						if (provider instanceof OAuth2PushedAuthorizationRequestAuthenticationProvider pushed) {
							pushed.setAuthenticationValidator(
									new OAuth2AuthorizationCodeRequestAuthenticationValidator().andThen(ProviderConfiguration::fapi));
						}
					})))
				.authorizationEndpoint((authorize) -> authorize.consentPage("/signin/consent")
					.authenticationProviders((providers) -> providers.forEach((provider) -> {
						if (provider instanceof org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationProvider request) {
							// every service the resident signs in to is consented to and listed, openid alone included
							// except the platform's own resident pages, which show the resident their own record
							// a proxy acting for someone is always asked, for the claims the delegation allows
							request.setAuthorizationConsentRequired((context) -> context.getRegisteredClient()
								.getClientSettings()
								.isRequireAuthorizationConsent()
									&& (context.getAuthorizationConsent() == null || !context.getAuthorizationConsent()
										.getScopes()
										.containsAll(context.getAuthorizationRequest().getScopes())
										|| context.getAuthentication().getPrincipal() instanceof ResidentAuthentication r && r.acting()));
						}
					}))
					.authorizationRequestConverter(ProviderConfiguration::requirePushedRequest)
					.authorizationResponseHandler(ProviderConfiguration::codeResponse)
					.errorResponseHandler(errors::authorizationError))
				.tokenEndpoint((token) -> token.accessTokenRequestConverter(ProviderConfiguration::requireDPoP)
					.accessTokenRequestConverter(CardGrant::convert)
					.accessTokenRequestConverter(PreAuthorizedCodeGrant::convert)
					.authenticationProvider(cardGrant)
					.authenticationProvider(preAuthorized))
				.authorizationServerMetadataEndpoint((metadata) -> metadata
					.authorizationServerMetadataCustomizer((b) -> b.claims(ProviderDocuments::advertise)))
				.oidc((oidc) -> oidc
					.providerConfigurationEndpoint((discovery) -> discovery.providerConfigurationCustomizer((b) -> {
						b.claims(ProviderDocuments::advertise);
						b.subjectTypes((types) -> {
							types.clear();
							types.add("pairwise");
						});
						b.idTokenSigningAlgorithms((algs) -> {
							algs.clear();
							algs.add("ES256");
						});
						b.claim("userinfo_signing_alg_values_supported", List.of());
						b.claim("acr_values_supported", Levels.SUPPORTED);
						b.claim("claims_supported", List.of("sub", "acr", "amr", "auth_time", "name", "family_name",
								"given_name", "name#ja-Kana-JP", "name#ja-Latn-JP", "birthdate", "address", "age_over_18",
								"core_identity"));
						b.claim("backchannel_logout_supported", true);
						b.claim("backchannel_logout_session_supported", true);
						b.claim("ui_locales_supported", List.of("en", "ja"));
					}))
					.userInfoEndpoint((userinfo) -> userinfo
						.userInfoMapper((context) -> ProviderDocuments.userInfo(context, residentClaims)))
					.logoutEndpoint((logout) -> logout.logoutResponseHandler(backChannel)));
		})
			.addFilterBefore(new AuthenticationRequirements(authorizations, residents, clock, clients, delegations),
					org.springframework.security.web.access.intercept.AuthorizationFilter.class)
			.addFilterBefore(new TokenRateLimit(limits), org.springframework.security.web.context.SecurityContextHolderFilter.class)
			.addFilterBefore(new OneTransactionPerRequest(transactions),
					org.springframework.security.web.context.SecurityContextHolderFilter.class)
			.addFilterAfter(new PushedDPoPBinding(), org.springframework.security.web.context.SecurityContextHolderFilter.class)
			.addFilterAfter(new org.tsunagu.oidc.DPoPReplayFilter(assertions),
					org.springframework.security.web.access.intercept.AuthorizationFilter.class)
			.authorizeHttpRequests((authorize) -> authorize.anyRequest().authenticated())
			.exceptionHandling((exceptions) -> exceptions.defaultAuthenticationEntryPointFor(
					new LoginUrlAuthenticationEntryPoint("/signin"), browsers()))
			.oauth2ResourceServer((resource) -> resource.jwt(org.springframework.security.config.Customizer.withDefaults()));
		return http.build();
	}

	/** Requests from a browser, which asks for HTML by name; an API client's missing or wildcard Accept is not one. */
	static MediaTypeRequestMatcher browsers() {
		MediaTypeRequestMatcher html = new MediaTypeRequestMatcher(MediaType.TEXT_HTML);
		html.setIgnoredMediaTypes(Set.of(MediaType.ALL));
		return html;
	}

	/** FAPI 2.0 and this provider's rules for a pushed request, after the standard checks. */
	static void fapi(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
		OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
		Map<String, Object> parameters = request.getAdditionalParameters();
		if (parameters.containsKey("request")) {
			refuse(request, "request_not_supported", "Signed request objects are not accepted; push the parameters.");
		}
		if (!request.getScopes().contains("openid")) {
			refuse(request, "invalid_scope", "A sign-in asks for the openid scope.");
		}
		for (String scope : request.getScopes()) {
			if (!PERSON_SCOPES.contains(scope)) {
				refuse(request, "invalid_scope", "The scope " + scope + " is not one a person can grant.");
			}
		}
		Object nonce = parameters.get("nonce");
		if (nonce instanceof String n && n.length() > 255) {
			refuse(request, "invalid_request", "The nonce is longer than 255 characters.");
		}
		Object acr = parameters.get("acr_values");
		if (acr != null) {
			String acrValues = String.valueOf(acr);
			if (!Levels.allKnown(acrValues)) {
				refuse(request, "invalid_request", "acr_values names a level this provider does not know.");
			}
			String max = context.getRegisteredClient().getClientSettings().getSetting(RelyingPartyClients.MAX_ASSURANCE);
			String required = Levels.required(acrValues).orElse("low");
			if (Levels.rank(required) > Levels.rank(max)) {
				refuse(request, "invalid_request", "This service is registered for at most level " + max + ".");
			}
		}
		Object jkt = parameters.get("dpop_jkt");
		if (jkt != null && !String.valueOf(jkt).matches("[A-Za-z0-9_-]{43}")) {
			refuse(request, "invalid_request", "dpop_jkt is a base64url SHA-256 JWK thumbprint.");
		}
		Object maxAge = parameters.get("max_age");
		if (maxAge != null && !String.valueOf(maxAge).matches("\\d{1,9}")) {
			refuse(request, "invalid_request", "max_age is a number of seconds.");
		}
	}

	private static void refuse(OAuth2AuthorizationCodeRequestAuthenticationToken request, String code, String description) {
		throw new OAuth2AuthorizationCodeRequestAuthenticationException(new OAuth2Error(code, description, null), request);
	}

	/**
	 * Only pushed requests reach the authorization endpoint, by the handle PAR gave (never a URL to fetch, which
	 * does not even start a sign-in); a consent form's POST carries neither.
	 */
	static Authentication requirePushedRequest(HttpServletRequest request) {
		boolean authorizationRequest = "GET".equals(request.getMethod()) || request.getParameter("response_type") != null;
		String[] requestUris = request.getParameterValues("request_uri");
		if (authorizationRequest && (requestUris == null || requestUris.length != 1 || !StringUtils.hasText(requestUris[0])
				|| !requestUris[0].startsWith(AuthenticationRequirements.REQUEST_URI_PREFIX))) {
			throw new OAuth2AuthorizationCodeRequestAuthenticationException(new OAuth2Error("invalid_request",
					"Push the authorization request first (RFC 9126) and send its request_uri.", null), null);
		}
		return null;
	}

	static Authentication requireDPoP(HttpServletRequest request) {
		if (request.getHeader("DPoP") == null) {
			throw new OAuth2AuthenticationException(new OAuth2Error("invalid_dpop_proof",
					"A DPoP proof (RFC 9449) is required: this provider issues sender-constrained tokens only.", null));
		}
		return null;
	}

	/** The code, the state and the issuer (RFC 9207). */
	static void codeResponse(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
			throws IOException {
		OAuth2AuthorizationCodeRequestAuthenticationToken result = (OAuth2AuthorizationCodeRequestAuthenticationToken) authentication;
		UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(result.getRedirectUri())
			.queryParam("code", result.getAuthorizationCode().getTokenValue());
		if (StringUtils.hasText(result.getState())) {
			uri.queryParam("state", UriUtils.encode(result.getState(), StandardCharsets.UTF_8));
		}
		uri.queryParam("iss", UriUtils.encode(AuthorizationServerContextHolder.getContext().getIssuer(), StandardCharsets.UTF_8));
		response.sendRedirect(uri.build(true).toUriString());
	}

}
