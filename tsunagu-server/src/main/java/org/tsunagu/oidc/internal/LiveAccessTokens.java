package org.tsunagu.oidc.internal;

import java.util.Optional;
import java.util.UUID;

import org.tsunagu.oidc.ProviderTokens;

import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.stereotype.Component;

/**
 * {@link ProviderTokens}: signature, type, issuer and lifetime by the JWT, liveness by the stored grant. A token
 * whose signature and type were checked once is kept (by its exact bytes, until it expires, 10,000 at most), so
 * that a service calling with the same token again pays for the liveness read only (one indexed read of the
 * revocation flag stored beside the grant, group-committed with other requests' by {@link ResourceCheckBatches})
 * and the issuer check, which depends on the request.
 */
@Component
class LiveAccessTokens implements ProviderTokens {

	private final JwtDecoder decoder;

	private final SealedAuthorizations authorizations;

	private final RelyingPartyClients clients;

	private final PairwiseSubjects subjects;

	private static final int KEPT = 10_000;

	private final java.util.concurrent.ConcurrentMap<String, Jwt> verified = new java.util.concurrent.ConcurrentHashMap<>();

	private final AccessTokenIssuer issuer;

	private final ResourceCheckBatches checks;

	LiveAccessTokens(JwtDecoder decoder, AccessTokenIssuer issuer, SealedAuthorizations authorizations,
			RelyingPartyClients clients, PairwiseSubjects subjects, ResourceCheckBatches checks) {
		this.decoder = decoder;
		this.checks = checks;
		this.issuer = issuer;
		this.authorizations = authorizations;
		this.clients = clients;
		this.subjects = subjects;
	}

	@Override
	public Jwt verify(String token) {
		Jwt jwt = this.verified.get(token);
		if (jwt == null || jwt.getExpiresAt() == null || !jwt.getExpiresAt().isAfter(java.time.Instant.now())) {
			if (jwt != null) {
				this.verified.remove(token);
			}
			jwt = decode(token);
		}
		else if (this.issuer.validate(jwt).hasErrors()) {
			// kept from a request to another of the provider's names: the issuer is checked per request
			throw new InvalidBearerTokenException("The access token is not valid.");
		}
		if (jwt.getExpiresAt() == null || !jwt.getExpiresAt().isAfter(java.time.Instant.now())) {
			// the decoder allows for clock skew; an expired token is not live here
			this.verified.remove(token);
			throw new InvalidBearerTokenException("The access token has expired.");
		}
		Boolean live = this.checks.accessTokenLive(token);
		if (live == null) {
			// a grant stored before the revocation flag: open it
			OAuth2Authorization grant = this.authorizations.findByToken(token, OAuth2TokenType.ACCESS_TOKEN);
			OAuth2Authorization.Token<OAuth2AccessToken> stored = grant == null ? null : grant.getAccessToken();
			live = stored != null && stored.isActive();
		}
		if (!live) {
			this.verified.remove(token);
			throw new InvalidBearerTokenException("The access token was revoked or replaced.");
		}
		return jwt;
	}

	private Jwt decode(String token) {
		Jwt jwt;
		try {
			jwt = this.decoder.decode(token);
		}
		catch (JwtException ex) {
			throw new InvalidBearerTokenException("The access token is not valid.");
		}
		if (!"at+jwt".equals(String.valueOf(jwt.getHeaders().get("typ")))) {
			throw new InvalidBearerTokenException("The token is not an access token.");
		}
		if (this.verified.size() >= KEPT) {
			this.verified.clear();
		}
		this.verified.put(token, jwt);
		return jwt;
	}

	@Override
	public boolean firstProofUse(String keyThumbprint, String jti, java.time.Instant until) {
		return this.checks.firstProofUse(keyThumbprint, jti, until);
	}

	@Override
	public int revokeDelegated(UUID delegationId) {
		// the signatures kept in memory stay: every use reads the grant's liveness, which is gone with the grant
		return this.authorizations.removeDelegated(delegationId);
	}

	@Override
	public Optional<UUID> resident(Jwt token) {
		if (token.getClaimAsString("acr") == null) {
			return Optional.empty();
		}
		RegisteredClient client = this.clients.findByClientId(token.getClaimAsString("client_id"));
		if (client == null) {
			return Optional.empty();
		}
		return this.subjects.resident(client.getClientSettings().getSetting(RelyingPartyClients.SECTOR), token.getSubject());
	}

}
