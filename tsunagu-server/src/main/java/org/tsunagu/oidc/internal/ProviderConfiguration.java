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
			org.tsunagu.registry.Residents residents, java.time.Clock clock, org.tsunagu.platform.RateLimits limits, CardGrant cardGrant,
			PreAuthorizedCodeGrant preAuthorized,
			org.springframework.transaction.support.TransactionTemplate transactions,
			org.tsunagu.oidc.ProxyDelegations delegations, JwtDecoder accessTokens, ResourceCheckBatches checks)
			throws Exception {
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
									new OAuth2AuthorizationCodeRequestAuthenticationValidator().andThen(PushedRequestRules::check));
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
				.tokenIntrospectionEndpoint((introspection) -> introspection
					.introspectionResponseHandler(OwnTokenIntrospection::respond))
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
						// userinfo answers plain JSON: the key is left out, since an empty list reads as "none accepted"
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
			// a request object's parameters first; after client authentication, before the pushed-request endpoint
			// (which Spring places after authorization), what the request may cost and the DPoP binding of what it asks
			.addFilterAfter(new SignedRequestObjects(clients, assertions, clock), org.springframework.security.web.authentication.logout.LogoutFilter.class)
			.addFilterBefore(new PushedRequestLimits(limits), org.springframework.security.web.access.intercept.AuthorizationFilter.class)
			.addFilterBefore(new PushedDPoPBinding(assertions), org.springframework.security.web.access.intercept.AuthorizationFilter.class)
			// at the user info endpoint, the only resource here: token and PAR requests record their proof ids in
			// their own transaction
			.addFilterAfter(new org.tsunagu.oidc.DPoPReplayFilter(checks::firstProofUse),
					org.springframework.security.web.access.intercept.AuthorizationFilter.class)
			.authorizeHttpRequests((authorize) -> authorize.anyRequest().authenticated())
			.exceptionHandling((exceptions) -> exceptions
				.defaultAuthenticationEntryPointFor(ProviderErrors::clientUnauthenticated,
						(request) -> ProviderErrors.CLIENT_ENDPOINTS.contains(AuthenticationRequirements.path(request)))
				.defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/signin"), browsers()))
			.oauth2ResourceServer((resource) -> resource.jwt(org.springframework.security.config.Customizer.withDefaults()))
			// consulted before Spring Security's own DPoP authentication, which compares htu as an exact string
			.authenticationProvider(org.tsunagu.oidc.DPoPProofs.resourceAuthentication(new org.springframework.security.authentication.ProviderManager(
					new org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider(accessTokens))));
		return http.build();
	}

	/** Requests from a browser, which asks for HTML by name; an API client's missing or wildcard Accept is not one. */
	static MediaTypeRequestMatcher browsers() {
		MediaTypeRequestMatcher html = new MediaTypeRequestMatcher(MediaType.TEXT_HTML);
		html.setIgnoredMediaTypes(Set.of(MediaType.ALL));
		return html;
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
