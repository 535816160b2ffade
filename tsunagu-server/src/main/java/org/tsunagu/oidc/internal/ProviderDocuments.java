package org.tsunagu.oidc.internal;

import java.util.List;
import java.util.Map;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcUserInfoAuthenticationContext;

/**
 * What the provider says of itself and of the person: the discovery documents (RFC 8414 and OpenID Connect
 * Discovery) advertising exactly what it does, and the userinfo answer, released through {@link ResidentClaims}.
 */
final class ProviderDocuments {

	private ProviderDocuments() {
	}

	/** What both discovery documents advertise: exactly what the provider does. */
	@SuppressWarnings("unchecked")
	static void advertise(Map<String, Object> metadata) {
		for (String methods : List.of("token_endpoint_auth_methods_supported",
				"revocation_endpoint_auth_methods_supported", "introspection_endpoint_auth_methods_supported")) {
			metadata.put(methods, List.of("private_key_jwt"));
		}
		metadata.put("grant_types_supported", List.of("authorization_code", "refresh_token", "client_credentials",
				CardGrant.GRANT, org.tsunagu.oidc.PreAuthorizedCodes.GRANT));
		// a wallet redeeming a credential offer's pre-authorized code need not be a registered client
		metadata.put("pre-authorized_grant_anonymous_access_supported", true);
		metadata.put("response_types_supported", List.of("code"));
		metadata.put("response_modes_supported", List.of("query"));
		metadata.put("code_challenge_methods_supported", List.of("S256"));
		metadata.put("dpop_signing_alg_values_supported", ProviderConfiguration.ALGORITHMS);
		// signed request objects, at the pushed authorization request endpoint only (RFC 9126, section 3)
		metadata.put("request_object_signing_alg_values_supported", ProviderConfiguration.ALGORITHMS);
		// RFC 8414 section 2: with private_key_jwt listed for an endpoint, the algorithms it takes are listed too
		for (String endpoint : List.of("token", "revocation", "introspection")) {
			metadata.put(endpoint + "_endpoint_auth_signing_alg_values_supported", ProviderConfiguration.ALGORITHMS);
		}
		metadata.remove("tls_client_certificate_bound_access_tokens");
		metadata.put("require_pushed_authorization_requests", true);
		metadata.put("authorization_response_iss_parameter_supported", true);
		metadata.put("scopes_supported", List.copyOf(new java.util.TreeSet<>(ProviderConfiguration.PERSON_SCOPES)));
	}

	static OidcUserInfo userInfo(OidcUserInfoAuthenticationContext context, ResidentClaims claims) {
		OAuth2Authorization authorization = context.getAuthorization();
		Authentication principal = authorization.getAttribute(java.security.Principal.class.getName());
		if (!(principal instanceof ResidentAuthentication resident)) {
			throw new OAuth2AuthenticationException(new OAuth2Error("invalid_token"));
		}
		String subject = authorization.getToken(org.springframework.security.oauth2.core.oidc.OidcIdToken.class)
			.getToken()
			.getSubject();
		OAuth2AuthorizationRequest request = authorization.getAttribute(OAuth2AuthorizationRequest.class.getName());
		String acrValues = request == null ? null : (String) request.getAdditionalParameters().get("acr_values");
		String issuer = AuthorizationServerContextHolder.getContext().getIssuer();
		return new OidcUserInfo(claims.claims(resident, subject, context.getAccessToken().getScopes(), issuer,
				authorization.getRegisteredClientId(), Levels.acr(resident.level(), acrValues)));
	}

}
