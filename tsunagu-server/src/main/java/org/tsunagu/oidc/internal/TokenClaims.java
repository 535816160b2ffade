package org.tsunagu.oidc.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.JWK;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.stereotype.Component;

/**
 * What goes into the provider's JWTs, after Spring Authorization Server's defaults (which add {@code cnf.jkt}):
 * <ul>
 * <li>ID tokens: the pairwise {@code sub} for the client's sector, {@code acr} (the level reached), {@code amr},
 * {@code auth_time}; ten minutes.</li>
 * <li>Access tokens (RFC 9068, {@code typ: at+jwt}): {@code aud} the issuer, {@code client_id}, {@code scope} as a
 * string, the same pairwise {@code sub} (a client's own id for client credentials). Every access token is
 * DPoP-bound (RFC 9449): no proof, no token; a {@code dpop_jkt} given with the request must match the proof's
 * key. A refresh token of a confidential client is bound to the client's authentication, not to a DPoP key
 * (RFC 9449 section 5, decision 0021); Spring Authorization Server binds a public client's to its key.</li>
 * </ul>
 * Neither the individual number nor the registry's id of a resident ever appears.
 */
@Component
class TokenClaims implements OAuth2TokenCustomizer<JwtEncodingContext> {

	static final Duration ID_TOKEN_LIFETIME = Duration.ofMinutes(10);

	private final PairwiseSubjects subjects;

	private final ClientAssertions replays;

	private final org.springframework.context.ApplicationEventPublisher events;

	private final org.springframework.transaction.support.TransactionTemplate transactions;

	private final ActingClaims acting;

	TokenClaims(PairwiseSubjects subjects, ClientAssertions replays, org.springframework.context.ApplicationEventPublisher events,
			org.springframework.transaction.support.TransactionTemplate transactions, ActingClaims acting) {
		this.acting = acting;
		this.subjects = subjects;
		this.replays = replays;
		this.events = events;
		this.transactions = transactions;
	}

	@Override
	public void customize(JwtEncodingContext context) {
		boolean idToken = OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue());
		boolean accessToken = OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType());
		if (!idToken && !accessToken) {
			return;
		}
		String issuer = context.getAuthorizationServerContext().getIssuer();
		ResidentAuthentication resident = context.getPrincipal() instanceof ResidentAuthentication r ? r : null;
		String sector = context.getRegisteredClient().getClientSettings().getSetting(RelyingPartyClients.SECTOR);
		if (resident != null && resident.acting()) {
			this.acting.check(context, resident);
			context.getClaims().claim("act", this.acting.act(sector, resident));
		}
		if (accessToken) {
			String jkt = proofThumbprint(context);
			checkBinding(context, jkt);
			context.getJwsHeader().type("at+jwt");
			context.getClaims().claims((claims) -> {
				claims.put("aud", List.of(issuer));
				claims.put("client_id", context.getRegisteredClient().getClientId());
				Object scope = claims.get("scope");
				if (scope instanceof Collection<?> scopes) {
					claims.put("scope", String.join(" ", scopes.stream().map(String::valueOf).sorted().toList()));
				}
				if (resident == null) {
					claims.put("sub", context.getRegisteredClient().getClientId());
				}
				else {
					claims.put("sub", this.subjects.subject(sector, resident.residentId()));
					claims.put("acr", Levels.acr(resident.level(), acrValues(context)));
					claims.put("auth_time", resident.authenticatedAt().getEpochSecond());
				}
			});
			return;
		}
		if (resident == null) {
			throw new OAuth2AuthenticationException(new OAuth2Error("server_error", "No resident behind this grant.", null));
		}
		Instant issuedAt = Instant.now();
		if (AuthorizationGrantType.AUTHORIZATION_CODE.equals(context.getAuthorizationGrantType())
				&& context.getAuthorization() != null) {
			// the release and its log entry commit together: the transparency log hears of every release
			org.tsunagu.oidc.ClaimsReleased released = new org.tsunagu.oidc.ClaimsReleased(resident.residentId(),
					context.getRegisteredClient().getClientId(), context.getRegisteredClient().getClientName(),
					this.acting.released(resident, context.getAuthorizedScopes()), context.getAuthorization().getId(), issuedAt);
			this.transactions.executeWithoutResult((tx) -> {
				this.events.publishEvent(released);
				if (resident.acting()) {
					this.events.publishEvent(this.acting.acted(context, resident, context.getAuthorization().getId(), issuedAt));
				}
			});
		}
		context.getClaims().claims((claims) -> {
			claims.put("sub", this.subjects.subject(sector, resident.residentId()));
			claims.put("acr", Levels.acr(resident.level(), acrValues(context)));
			claims.put("amr", resident.amr());
			claims.put("auth_time", resident.authenticatedAt().getEpochSecond());
			claims.put("exp", issuedAt.plus(ID_TOKEN_LIFETIME));
		});
	}

	private static String acrValues(JwtEncodingContext context) {
		OAuth2AuthorizationRequest request = context.getAuthorization() == null ? null
				: context.getAuthorization().getAttribute(OAuth2AuthorizationRequest.class.getName());
		return request == null ? null : (String) request.getAdditionalParameters().get("acr_values");
	}

	private String proofThumbprint(JwtEncodingContext context) {
		Jwt proof = context.get(OAuth2TokenContext.DPOP_PROOF_KEY);
		if (proof == null) {
			throw dpop("A DPoP proof (RFC 9449) is required: this provider issues sender-constrained tokens only.");
		}
		String jkt;
		try {
			@SuppressWarnings("unchecked")
			Map<String, Object> jwk = (Map<String, Object>) proof.getHeaders().get("jwk");
			jkt = JWK.parse(jwk).computeThumbprint().toString();
		}
		catch (Exception ex) {
			throw dpop("The DPoP proof's key cannot be read.");
		}
		// every node shares the record: a proof replayed to another node is refused too (RFC 9449 section 11.1)
		Instant issued = proof.getIssuedAt() == null ? Instant.now() : proof.getIssuedAt();
		if (org.tsunagu.oidc.DPoPReplayFilter.fromTheFuture(issued)) {
			throw dpop("The DPoP proof is dated in the future.");
		}
		if (proof.getId() == null || !this.replays.firstProofUse(jkt, proof.getId(), issued.plusSeconds(120))) {
			throw dpop("The DPoP proof was used before.");
		}
		return jkt;
	}

	private static void checkBinding(JwtEncodingContext context, String jkt) {
		OAuth2Authorization authorization = context.getAuthorization();
		if (AuthorizationGrantType.AUTHORIZATION_CODE.equals(context.getAuthorizationGrantType()) && authorization != null) {
			OAuth2AuthorizationRequest request = authorization.getAttribute(OAuth2AuthorizationRequest.class.getName());
			Object wanted = request == null ? null : request.getAdditionalParameters().get("dpop_jkt");
			if (wanted != null && !wanted.equals(jkt)) {
				throw dpop("The DPoP proof's key is not the one named by dpop_jkt.");
			}
		}
		// a refresh is bound to the client's authentication, not to the previous proof's key (RFC 9449 section 5):
		// the new access token is bound to the key of the proof that comes with the refresh
	}

	private static OAuth2AuthenticationException dpop(String description) {
		return new OAuth2AuthenticationException(new OAuth2Error("invalid_dpop_proof", description, null));
	}

}
