package org.tsunagu.oidc.internal;

import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.nimbusds.jose.jwk.JWK;
import org.tsunagu.oidc.DPoPReplayFilter;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.DPoPProofContext;
import org.springframework.security.oauth2.jwt.DPoPProofJwtDecoderFactory;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.stereotype.Component;

/**
 * What the provider's own grants (the card's JWT-bearer grant, OpenID4VCI's pre-authorized code) share: the DPoP
 * proof at the token endpoint, and a DPoP-bound access token for a resident, stored as a grant so that it can be
 * revoked and so that {@link LiveAccessTokens} accepts it.
 */
@Component
class GrantTokens {

	static final Duration LIFETIME = Duration.ofMinutes(10);

	private final PairwiseSubjects subjects;

	private final SealedAuthorizations authorizations;

	private final JwtEncoder encoder;

	private final Clock clock;

	private final DPoPProofJwtDecoderFactory proofs = org.tsunagu.oidc.DPoPProofs.verifiers();

	private final org.tsunagu.oidc.DPoPReplayFilter.ProofIds proofIds;

	GrantTokens(PairwiseSubjects subjects, SealedAuthorizations authorizations, JwtEncoder encoder, Clock clock,
			org.tsunagu.oidc.DPoPReplayFilter.ProofIds proofIds) {
		this.proofIds = proofIds;
		this.subjects = subjects;
		this.authorizations = authorizations;
		this.encoder = encoder;
		this.clock = clock;
	}

	/**
	 * The DPoP proof of a token request, checked and used once: its {@code jti} is recorded for its key in the
	 * database (RFC 9449 section 11.1), as the provider's other grants record theirs; its key's thumbprint.
	 */
	String verifyProof(String dpop, String tokenUrl) {
		if (dpop == null) {
			throw invalid("invalid_dpop_proof", "A DPoP proof is required.");
		}
		Jwt proof;
		String jkt;
		try {
			proof = this.proofs.createDecoder(DPoPProofContext.withDPoPProof(dpop).method("POST").targetUri(tokenUrl).build())
				.decode(dpop);
			@SuppressWarnings("unchecked")
			Map<String, Object> jwk = (Map<String, Object>) proof.getHeaders().get("jwk");
			jkt = JWK.parse(jwk).computeThumbprint().toString();
		}
		catch (Exception ex) {
			throw invalid("invalid_dpop_proof", "The DPoP proof is not valid.");
		}
		Instant issued = proof.getIssuedAt() == null ? Instant.now() : proof.getIssuedAt();
		if (org.tsunagu.oidc.DPoPReplayFilter.fromTheFuture(issued)) {
			throw invalid("invalid_dpop_proof", "The DPoP proof is dated in the future.");
		}
		if (proof.getId() == null || !this.proofIds.firstProofUse(jkt, proof.getId(), issued.plusSeconds(120))) {
			throw invalid("invalid_dpop_proof", "The DPoP proof was used before.");
		}
		return jkt;
	}

	/** A DPoP-bound access token for the resident, saved as a grant of {@code grant}. */
	OAuth2AccessToken issue(RegisteredClient client, ResidentAuthentication resident, Set<String> scopes, String jkt,
			String issuer, AuthorizationGrantType grant) {
		Instant now = this.clock.instant();
		Instant expires = now.plus(LIFETIME);
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.issuer(issuer)
			.subject(this.subjects.subject(client.getClientSettings().getSetting(RelyingPartyClients.SECTOR),
					resident.residentId()))
			.audience(List.of(issuer))
			.issuedAt(now)
			.notBefore(now)
			.expiresAt(expires)
			.id(UUID.randomUUID().toString())
			.claim("client_id", client.getClientId())
			.claim("scope", String.join(" ", scopes.stream().sorted().toList()))
			.claim("acr", Levels.acr(resident.level(), null))
			.claim("auth_time", resident.authenticatedAt().getEpochSecond())
			.claim("cnf", Map.of("jkt", jkt))
			.build();
		Jwt jwt = this.encoder.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.ES256).type("at+jwt").build(), claims));
		OAuth2AccessToken token = new OAuth2AccessToken(OAuth2AccessToken.TokenType.DPOP, jwt.getTokenValue(), now, expires,
				scopes);
		OAuth2Authorization authorization = OAuth2Authorization.withRegisteredClient(client)
			.principalName(resident.residentId().toString())
			.authorizationGrantType(grant)
			.authorizedScopes(scopes)
			.attribute(Principal.class.getName(), resident)
			.token(token, (metadata) -> {
				metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, new LinkedHashMap<>(jwt.getClaims()));
				metadata.put(OAuth2Authorization.Token.INVALIDATED_METADATA_NAME, false);
			})
			.build();
		this.authorizations.save(authorization);
		return token;
	}

	/**
	 * Client authentication for a public client on one grant only: the client a converter named (method
	 * {@code none}, the grant type in its parameters) becomes the registered client; any other is left to the
	 * providers after it.
	 */
	static AuthenticationProvider publicClientOn(RelyingPartyClients clients, String clientId, String grant) {
		return new AuthenticationProvider() {

			@Override
			public Authentication authenticate(Authentication authentication) {
				OAuth2ClientAuthenticationToken token = (OAuth2ClientAuthenticationToken) authentication;
				if (!clientId.equals(token.getPrincipal())
						|| !ClientAuthenticationMethod.NONE.equals(token.getClientAuthenticationMethod())
						|| !grant.equals(token.getAdditionalParameters().get("grant_type"))) {
					return null;
				}
				return new OAuth2ClientAuthenticationToken(clients.findByClientId(clientId), ClientAuthenticationMethod.NONE, null);
			}

			@Override
			public boolean supports(Class<?> authentication) {
				return OAuth2ClientAuthenticationToken.class.isAssignableFrom(authentication);
			}

		};
	}

	/** The grant request's client, when it is {@code clientId} and authenticated; {@code invalid_client} otherwise. */
	static OAuth2ClientAuthenticationToken client(Object principal, String clientId, String refusal) {
		if (!(principal instanceof OAuth2ClientAuthenticationToken client) || !client.isAuthenticated()
				|| client.getRegisteredClient() == null
				|| !clientId.equals(client.getRegisteredClient().getClientId())) {
			throw invalid("invalid_client", refusal);
		}
		return client;
	}

	static OAuth2AuthenticationException invalid(String code, String description) {
		return new OAuth2AuthenticationException(new OAuth2Error(code, description, null));
	}

}
