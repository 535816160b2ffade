package org.tsunagu.operator.internal;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
 * tokens will later be accepted too. A live credential is remembered for {@link #TTL} (keyed by the token's hash,
 * never the token), so that a busy operator API does not read the credential table on every call; a revoked
 * credential therefore stops working within that time.
 */
@Component
final class OperatorTokenIntrospector implements OpaqueTokenIntrospector {

	static final Duration TTL = Duration.ofSeconds(10);

	private static final int MAX_CACHED = 10_000;

	private final JdbcOperatorCredentials credentials;

	private final Clock clock;

	private final Map<ByteBuffer, Cached> cache = new ConcurrentHashMap<>();

	OperatorTokenIntrospector(JdbcOperatorCredentials credentials, Clock clock) {
		this.credentials = credentials;
		this.clock = clock;
	}

	@Override
	public OAuth2AuthenticatedPrincipal introspect(String token) {
		ByteBuffer key = ByteBuffer.wrap(JdbcOperatorCredentials.hash(token));
		Instant now = this.clock.instant();
		Cached cached = this.cache.get(key);
		if (cached != null && now.isBefore(cached.expires())) {
			return cached.principal();
		}
		org.tsunagu.operator.OperatorCredentials.Holder operator = this.credentials.authenticate(token)
			.orElseThrow(() -> new BadOpaqueTokenException("The bearer token is not a live operator credential."));
		List<GrantedAuthority> authorities = operator.roles()
			.stream()
			.map(OperatorRole::authority)
			.<GrantedAuthority>map(SimpleGrantedAuthority::new)
			.toList();
		OAuth2AuthenticatedPrincipal principal = new DefaultOAuth2AuthenticatedPrincipal(operator.name(),
				Map.of("sub", operator.name()), authorities);
		if (this.cache.size() >= MAX_CACHED) {
			this.cache.clear();
		}
		this.cache.put(key, new Cached(principal, now.plus(TTL)));
		return principal;
	}

	private record Cached(OAuth2AuthenticatedPrincipal principal, Instant expires) {
	}

}
