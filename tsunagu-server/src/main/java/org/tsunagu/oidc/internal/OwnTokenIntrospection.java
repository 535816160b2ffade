package org.tsunagu.oidc.internal;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenIntrospection;
import org.springframework.security.oauth2.server.authorization.http.converter.OAuth2TokenIntrospectionHttpMessageConverter;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenIntrospectionAuthenticationToken;

/**
 * Introspection tells a service about its own tokens only: a token issued to another client is answered
 * {@code {"active": false}}, as an unknown one is, so that no service learns another's users' pairwise subjects,
 * levels or scopes (RFC 7662 section 4 leaves it to the server to decide who may ask about which token).
 */
final class OwnTokenIntrospection {

	private static final OAuth2TokenIntrospectionHttpMessageConverter JSON = new OAuth2TokenIntrospectionHttpMessageConverter();

	private OwnTokenIntrospection() {
	}

	static void respond(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
			throws IOException {
		OAuth2TokenIntrospectionAuthenticationToken result = (OAuth2TokenIntrospectionAuthenticationToken) authentication;
		OAuth2TokenIntrospection claims = result.getTokenClaims();
		if (claims.isActive() && !(result.getPrincipal() instanceof OAuth2ClientAuthenticationToken caller
				&& caller.getRegisteredClient() != null
				&& caller.getRegisteredClient().getClientId().equals(claims.getClientId()))) {
			claims = OAuth2TokenIntrospection.builder().build();
		}
		JSON.write(claims, null, new ServletServerHttpResponse(response));
	}

}
