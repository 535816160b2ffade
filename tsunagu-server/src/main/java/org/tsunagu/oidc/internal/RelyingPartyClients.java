package org.tsunagu.oidc.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.stereotype.Component;

/**
 * The relying-party registry as Spring Authorization Server reads it: every client authenticates with
 * {@code private_key_jwt}, uses PKCE, is asked for consent, gets codes that live 60 seconds, JWT access tokens of
 * 10 minutes, refresh tokens of 8 hours that do not rotate (decision 0021; the platform's own account pages keep
 * rotating theirs), and ES256 ID tokens. Registrations are read through a short cache
 * ({@link #CACHE}); a change made on this node is seen at once.
 */
@Component
class RelyingPartyClients implements RegisteredClientRepository, org.tsunagu.oidc.PortalClient {

	static final Duration CACHE = Duration.ofSeconds(10);

	static final String SECTOR = "tsunagu.sector";

	static final String MAX_ASSURANCE = "tsunagu.max-assurance";

	static final String JWKS = "tsunagu.jwks";

	static final String BACKCHANNEL_LOGOUT = "tsunagu.backchannel-logout-uri";

	static final String NAME_JA = "tsunagu.name-ja";

	static final String VERSION = "tsunagu.version";

	/** Whether the service lets a proxy sign in for someone else. */
	static final String ACCEPTS_PROXIES = "tsunagu.accepts-proxies";

	/** Whether the law lets a 15-year-old use the service alone. */
	static final String MINORS_ALONE_FROM_15 = "tsunagu.minors-alone-from-15";

	/** Whether the service's pushed requests must be signed request objects (RFC 9101, section 10.5). */
	static final String SIGNED_REQUESTS_ONLY = "tsunagu.require-signed-request-object";

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final Clock clock;

	private final Map<String, Cached> cache = new ConcurrentHashMap<>();

	RelyingPartyClients(JdbcClient jdbc, JsonMapper json, Clock clock) {
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
	}

	@Override
	public void save(RegisteredClient registeredClient) {
		// registrations carry what RegisteredClient has no place for (names, sector, levels): the operator API makes them
		throw new IllegalStateException("Relying parties are registered through /api/v1/relying-parties");
	}

	@Override
	public RegisteredClient findById(String id) {
		return findByClientId(id);
	}

	/** The resident's own wallet: a first-party client that authenticates with the card itself (RFC 7523 grant). */
	static final String WALLET = org.tsunagu.oidc.ProviderTokens.WALLET;

	static final String PORTAL = org.tsunagu.oidc.ProviderTokens.PORTAL;

	/** The resident pages, once they have registered their key (see {@link #register}). */
	private volatile RegisteredClient portal;

	@Override
	public void register(com.nimbusds.jose.jwk.JWK publicKey, java.util.List<String> redirectUris,
			java.util.List<String> postLogoutRedirectUris) {
		if (publicKey.isPrivate()) {
			throw new IllegalArgumentException("Register the public half of the key");
		}
		this.portal = RegisteredClient.withId(PORTAL)
			.clientId(PORTAL)
			.clientName("Tsunagu account")
			.clientAuthenticationMethod(ClientAuthenticationMethod.PRIVATE_KEY_JWT)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
			.redirectUris((uris) -> uris.addAll(redirectUris))
			.postLogoutRedirectUris((uris) -> uris.addAll(postLogoutRedirectUris))
			.scopes((scopes) -> scopes.addAll(SCOPES))
			.clientSettings(ClientSettings.builder()
				.requireProofKey(true)
				.requireAuthorizationConsent(false)
				.tokenEndpointAuthenticationSigningAlgorithm(SignatureAlgorithm.ES256)
				.setting(SECTOR, "urn:tsunagu:portal")
				.setting(MAX_ASSURANCE, "high")
				.setting(NAME_JA, "つなぐアカウント")
				.setting(JWKS, "{\"keys\":[" + publicKey.toJSONString() + "]}")
				.setting(VERSION, 0L)
				.build())
			.tokenSettings(TokenSettings.builder()
				.authorizationCodeTimeToLive(Duration.ofSeconds(60))
				.accessTokenTimeToLive(Duration.ofMinutes(10))
				.accessTokenFormat(OAuth2TokenFormat.SELF_CONTAINED)
				.refreshTokenTimeToLive(Duration.ofMinutes(30))
				.reuseRefreshTokens(false)
				.idTokenSignatureAlgorithm(SignatureAlgorithm.ES256)
				.build())
			.build();
	}

	static final org.springframework.security.oauth2.core.AuthorizationGrantType CARD_GRANT = new org.springframework.security.oauth2.core.AuthorizationGrantType(
			"urn:ietf:params:oauth:grant-type:jwt-bearer");

	private static final RegisteredClient WALLET_CLIENT = ownPublicClient(WALLET, "Tsunagu wallet", "つなぐウォレット", CARD_GRANT,
			"urn:tsunagu:wallet", "openid", "me:read");

	/** Any wallet taking credentials with a pre-authorized code: public, and able to do nothing else. */
	private static final RegisteredClient CREDENTIAL_WALLET = ownPublicClient(org.tsunagu.oidc.PreAuthorizedCodes.ANONYMOUS_WALLET,
			"Wallet", "ウォレット", new AuthorizationGrantType(org.tsunagu.oidc.PreAuthorizedCodes.GRANT), "urn:tsunagu:credentials");

	/** A public client of the provider's own, on one grant of its own, with its pairwise sector. */
	private static RegisteredClient ownPublicClient(String id, String name, String nameJa, AuthorizationGrantType grant, String sector,
			String... scopes) {
		RegisteredClient.Builder client = RegisteredClient.withId(id)
			.clientId(id)
			.clientName(name)
			.clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
			.authorizationGrantType(grant)
			.clientSettings(ClientSettings.builder()
				.requireProofKey(false)
				.setting(SECTOR, sector)
				.setting(MAX_ASSURANCE, "high")
				.setting(NAME_JA, nameJa)
				.setting(VERSION, 0L)
				.build())
			.tokenSettings(TokenSettings.builder()
				.accessTokenTimeToLive(Duration.ofMinutes(10))
				.accessTokenFormat(OAuth2TokenFormat.SELF_CONTAINED)
				.build());
		for (String scope : scopes) {
			client.scope(scope);
		}
		return client.build();
	}

	@Override
	public RegisteredClient findByClientId(String clientId) {
		if (clientId == null || clientId.length() > 64) {
			return null;
		}
		if (WALLET.equals(clientId)) {
			return WALLET_CLIENT;
		}
		if (org.tsunagu.oidc.PreAuthorizedCodes.ANONYMOUS_WALLET.equals(clientId)) {
			return CREDENTIAL_WALLET;
		}
		if (PORTAL.equals(clientId)) {
			return this.portal;
		}
		Instant now = this.clock.instant();
		Cached cached = this.cache.get(clientId);
		if (cached != null && now.isBefore(cached.at().plus(CACHE)) && !now.isBefore(cached.at())) {
			return cached.client().orElse(null);
		}
		Optional<RegisteredClient> client = load(clientId);
		if (this.cache.size() > 10_000) {
			this.cache.clear();
		}
		this.cache.put(clientId, new Cached(client, now));
		return client.orElse(null);
	}

	/** Forgets a cached registration after it changed. */
	void changed(String clientId) {
		this.cache.remove(clientId);
	}

	private Optional<RegisteredClient> load(String clientId) {
		return this.jdbc.sql("SELECT registration, created_at, updated_at FROM relying_party WHERE client_id = :id")
			.param("id", clientId)
			.query((rs, n) -> client(clientId, this.json.readValue(rs.getString(1), RelyingPartyForm.class),
					rs.getTimestamp(2).toInstant(), rs.getTimestamp(3).toInstant()))
			.optional();
	}

	private RegisteredClient client(String clientId, RelyingPartyForm form, Instant created, Instant updated) {
		Set<String> scopes = new LinkedHashSet<>();
		if (form.scopes() != null) {
			scopes.addAll(form.scopes());
		}
		if (form.serviceScopes() != null) {
			scopes.addAll(form.serviceScopes());
		}
		ClientSettings.Builder settings = ClientSettings.builder()
			.requireProofKey(true)
			.requireAuthorizationConsent(true)
			.tokenEndpointAuthenticationSigningAlgorithm(SignatureAlgorithm.ES256)
			.setting(MAX_ASSURANCE, form.maxAssurance())
			.setting(NAME_JA, form.name().ja())
			.setting(VERSION, updated.toEpochMilli())
			.setting(ACCEPTS_PROXIES, Boolean.TRUE.equals(form.acceptsProxies()))
			.setting(MINORS_ALONE_FROM_15, Boolean.TRUE.equals(form.minorsAloneFrom15()))
			.setting(SIGNED_REQUESTS_ONLY, Boolean.TRUE.equals(form.requireSignedRequestObject()));
		if (form.sectorIdentifier() != null) {
			// a service-only client (no person scopes) has no sector: it never receives a subject
			settings.setting(SECTOR, form.sectorIdentifier());
		}
		if (form.jwksUri() != null) {
			settings.jwkSetUrl(form.jwksUri());
		}
		if (form.jwks() != null) {
			settings.setting(JWKS, this.json.writeValueAsString(form.jwks()));
		}
		if (form.backchannelLogoutUri() != null) {
			settings.setting(BACKCHANNEL_LOGOUT, form.backchannelLogoutUri());
		}
		RegisteredClient.Builder builder = RegisteredClient.withId(clientId)
			.clientId(clientId)
			.clientIdIssuedAt(created)
			.clientName(form.name().en())
			.clientAuthenticationMethod(ClientAuthenticationMethod.PRIVATE_KEY_JWT)
			.scopes((s) -> s.addAll(scopes))
			.clientSettings(settings.build())
			.tokenSettings(TokenSettings.builder()
				.authorizationCodeTimeToLive(Duration.ofSeconds(60))
				.accessTokenTimeToLive(Duration.ofMinutes(10))
				.accessTokenFormat(OAuth2TokenFormat.SELF_CONTAINED)
				.refreshTokenTimeToLive(Duration.ofHours(8))
				// FAPI 2.0 section 5.3.2.1: no rotation, so that a refresh whose answer was lost can be retried
				.reuseRefreshTokens(true)
				.idTokenSignatureAlgorithm(SignatureAlgorithm.ES256)
				.build());
		if (form.scopes() != null && !form.scopes().isEmpty()) {
			builder.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
				.authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
				.redirectUris((uris) -> uris.addAll(form.redirectUris()));
		}
		if (form.serviceScopes() != null && !form.serviceScopes().isEmpty()) {
			builder.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS);
		}
		if (form.postLogoutRedirectUris() != null) {
			builder.postLogoutRedirectUris((uris) -> uris.addAll(form.postLogoutRedirectUris()));
		}
		return builder.build();
	}

	private record Cached(Optional<RegisteredClient> client, Instant at) {
	}

}
