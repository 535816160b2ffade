package org.tsunagu.operator.internal;

import java.util.List;
import java.util.Map;

import org.tsunagu.operator.OperatorRole;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DefaultOAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.stereotype.Component;

/**
 * Resolves an operator bearer token to its holder and roles. This is the seam where the OpenID Provider's access
 * tokens will later be accepted too.
 */
@Component
final class OperatorTokenIntrospector implements OpaqueTokenIntrospector {

	private final JdbcOperatorCredentials credentials;

	OperatorTokenIntrospector(JdbcOperatorCredentials credentials) {
		this.credentials = credentials;
	}

	@Override
	public OAuth2AuthenticatedPrincipal introspect(String token) {
		JdbcOperatorCredentials.Operator operator = this.credentials.authenticate(token)
			.orElseThrow(() -> new BadOpaqueTokenException("The bearer token is not a live operator credential."));
		List<GrantedAuthority> authorities = operator.roles()
			.stream()
			.map(OperatorRole::authority)
			.<GrantedAuthority>map(SimpleGrantedAuthority::new)
			.toList();
		return new DefaultOAuth2AuthenticatedPrincipal(operator.name(), Map.of("sub", operator.name()), authorities);
	}

}
