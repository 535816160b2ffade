package org.tsunagu.oidc.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.Optional;
import java.util.stream.Stream;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.stereotype.Component;

/**
 * Grants in {@code oidc_authorization}: each authorization is Java-serialised (through an allow-list filter) and
 * sealed with AES-GCM under the provider's key, and found by the SHA-256 of a state, code or token. A copy of the
 * database therefore holds no usable code, token or claim. Rows leave when every token they hold has expired
 * ({@link #purge()}); a grant in progress (a pushed request, a consent) lives {@link #PENDING}.
 */
@Component
class SealedAuthorizations implements OAuth2AuthorizationService {

	static final Duration PENDING = Duration.ofMinutes(10);

	private static final String PURPOSE = "oidc authorization";

	private static final ObjectInputFilter FILTER = ObjectInputFilter.Config.createFilter(
			"maxdepth=20;maxrefs=5000;maxbytes=262144;java.**;org.springframework.security.**;org.tsunagu.oidc.**;!*");

	private final JdbcClient jdbc;

	private final ProviderKeys keys;

	private final Clock clock;

	SealedAuthorizations(JdbcClient jdbc, ProviderKeys keys, Clock clock) {
		this.jdbc = jdbc;
		this.keys = keys;
		this.clock = clock;
	}

	@Override
	public void save(OAuth2Authorization authorization) {
		Instant now = this.clock.instant();
		byte[] sealed = this.keys.seal(serialise(authorization), PURPOSE + " " + authorization.getId());
		String state = authorization.getAttribute(OAuth2ParameterNames.STATE);
		var params = new java.util.LinkedHashMap<String, Object>();
		params.put("id", authorization.getId());
		params.put("client", authorization.getRegisteredClientId());
		params.put("principal", authorization.getPrincipalName());
		params.put("grant", authorization.getAuthorizationGrantType().getValue());
		params.put("state", state == null ? null : ProviderKeys.sha256(state));
		params.put("code", hash(authorization.getToken(OAuth2AuthorizationCode.class)));
		params.put("access", hash(authorization.getToken(OAuth2AccessToken.class)));
		params.put("refresh", hash(authorization.getToken(OAuth2RefreshToken.class)));
		params.put("idToken", hash(authorization.getToken(OidcIdToken.class)));
		OAuth2Authorization.Token<OAuth2AccessToken> access = authorization.getAccessToken();
		params.put("accessInvalidated", access == null ? null : access.isInvalidated());
		params.put("sealed", sealed);
		// a grant made by a proxy under a delegation: ending the delegation finds and deletes it
		params.put("delegation", authorization.getAttribute(java.security.Principal.class.getName()) instanceof ResidentAuthentication r
				&& r.acting() ? r.delegationId() : null);
		params.put("expires", expiry(authorization, now).atOffset(ZoneOffset.UTC));
		params.put("now", now.atOffset(ZoneOffset.UTC));
		// most saves are of a new grant (every client-credentials grant, every pushed request): insert first, and
		// update only what was there
		int inserted = this.jdbc.sql("""
				INSERT INTO oidc_authorization (id, client_id, principal, grant_type, state_hash, code_hash,
				  access_token_hash, refresh_token_hash, id_token_hash, access_token_invalidated, sealed, expires_at,
				  updated_at, delegation_id)
				VALUES (:id, :client, :principal, :grant, :state, :code, :access, :refresh, :idToken, :accessInvalidated,
				  :sealed, :expires, :now, :delegation)
				ON CONFLICT DO NOTHING""").params(params).update();
		if (inserted == 0) {
			this.jdbc.sql("""
					UPDATE oidc_authorization SET state_hash = :state, code_hash = :code, access_token_hash = :access,
					  refresh_token_hash = :refresh, id_token_hash = :idToken, access_token_invalidated = :accessInvalidated,
					  sealed = :sealed, expires_at = :expires, updated_at = :now, delegation_id = :delegation
					WHERE id = :id""").params(params).update();
		}
	}

	/** Deletes every grant made under a delegation: its codes, access and refresh tokens stop working at once. */
	int removeDelegated(UUID delegationId) {
		return this.jdbc.sql("DELETE FROM oidc_authorization WHERE delegation_id = :delegation")
			.param("delegation", delegationId)
			.update();
	}

	@Override
	public void remove(OAuth2Authorization authorization) {
		this.jdbc.sql("DELETE FROM oidc_authorization WHERE id = :id").param("id", authorization.getId()).update();
	}

	@Override
	public OAuth2Authorization findById(String id) {
		return find("id = :value", id).orElse(null);
	}

	@Override
	public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
		if (token == null || token.isEmpty() || token.length() > 16_384) {
			return null;
		}
		byte[] hash = ProviderKeys.sha256(token);
		if (tokenType == null) {
			// a token of no named type is what introspection and revocation take: an access or a refresh token
			// (RFC 7662, RFC 7009). A pushed request's state, a code or an ID token is found only when asked for by
			// its type: presented as a token, a state opened its grant (and failed the request), an ID token passed
			// for an active one
			return find("access_token_hash = :value OR refresh_token_hash = :value", hash).orElse(null);
		}
		String column = switch (tokenType.getValue()) {
			case OAuth2ParameterNames.STATE -> "state_hash";
			case OAuth2ParameterNames.CODE -> "code_hash";
			case OAuth2ParameterNames.ACCESS_TOKEN -> "access_token_hash";
			case OAuth2ParameterNames.REFRESH_TOKEN -> "refresh_token_hash";
			case "id_token" -> "id_token_hash";
			default -> null;
		};
		return column == null ? null : find(column + " = :value", hash).orElse(null);
	}

	/**
	 * Whether this access token is the current one of a stored grant and was not revoked: {@code TRUE} or
	 * {@code FALSE} from the flag stored beside the grant, {@code null} when the grant predates the flag.
	 */
	Boolean accessTokenLive(String token) {
		if (token == null || token.isEmpty() || token.length() > 16_384) {
			return Boolean.FALSE;
		}
		List<Boolean> invalidated = this.jdbc.sql("SELECT access_token_invalidated FROM oidc_authorization WHERE access_token_hash = :hash")
			.param("hash", ProviderKeys.sha256(token))
			.query((rs, n) -> {
				boolean value = rs.getBoolean(1);
				return rs.wasNull() ? null : value;
			})
			.list();
		if (invalidated.isEmpty()) {
			return Boolean.FALSE;
		}
		Boolean flag = invalidated.get(0);
		return flag == null ? null : !flag;
	}

	/** Every live authorization a resident gave a client, for withdrawing consent or signing out everywhere. */
	List<OAuth2Authorization> findAll(String principal, String clientId) {
		return this.jdbc.sql("""
				SELECT id, sealed FROM oidc_authorization WHERE principal = :principal AND client_id = :client
				  AND expires_at > :now""")
			.param("principal", principal)
			.param("client", clientId)
			.param("now", this.clock.instant().atOffset(ZoneOffset.UTC))
			.query((rs, n) -> open(rs.getString(1), rs.getBytes(2)))
			.list()
			.stream()
			.filter(java.util.Objects::nonNull)
			.toList();
	}

	/** Every live authorization a resident gave any client. */
	List<OAuth2Authorization> findAll(String principal) {
		return this.jdbc.sql("SELECT id, sealed FROM oidc_authorization WHERE principal = :principal AND expires_at > :now")
			.param("principal", principal)
			.param("now", this.clock.instant().atOffset(ZoneOffset.UTC))
			.query((rs, n) -> open(rs.getString(1), rs.getBytes(2)))
			.list()
			.stream()
			.filter(java.util.Objects::nonNull)
			.toList();
	}

	/** Removes grants whose every code and token has expired. */
	int purge(java.time.Instant now) {
		return this.jdbc.sql("DELETE FROM oidc_authorization WHERE expires_at < :now")
			.param("now", now.atOffset(ZoneOffset.UTC))
			.update();
	}

	private Optional<OAuth2Authorization> find(String where, Object value) {
		return this.jdbc.sql("SELECT id, sealed FROM oidc_authorization WHERE " + where)
			.param("value", value)
			.query((rs, n) -> open(rs.getString(1), rs.getBytes(2)))
			.optional();
	}

	private OAuth2Authorization open(String id, byte[] sealed) {
		byte[] plain = this.keys.open(sealed, PURPOSE + " " + id);
		try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(plain))) {
			in.setObjectInputFilter(FILTER);
			return (OAuth2Authorization) in.readObject();
		}
		catch (IOException | ClassNotFoundException | ClassCastException ex) {
			// a grant written by another version of the server: as if it had expired
			return null;
		}
	}

	private static byte[] serialise(OAuth2Authorization authorization) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(2048);
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(authorization);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("An authorization could not be serialised", ex);
		}
		return bytes.toByteArray();
	}

	private static byte[] hash(OAuth2Authorization.Token<? extends OAuth2Token> token) {
		return token == null ? null : ProviderKeys.sha256(token.getToken().getTokenValue());
	}

	private static Instant expiry(OAuth2Authorization authorization, Instant now) {
		return Stream.of(authorization.getToken(OAuth2AuthorizationCode.class),
				authorization.getToken(OAuth2AccessToken.class), authorization.getToken(OAuth2RefreshToken.class),
				authorization.getToken(OidcIdToken.class))
			.filter(java.util.Objects::nonNull)
			.map((t) -> t.getToken().getExpiresAt())
			.filter(java.util.Objects::nonNull)
			.max(Instant::compareTo)
			.map((latest) -> latest.isAfter(now.plus(PENDING)) ? latest : now.plus(PENDING))
			.orElse(now.plus(PENDING));
	}

}
