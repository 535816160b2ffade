package org.tsunagu.oidc.internal;

import java.security.Principal;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.servlet.http.HttpServletRequest;
import org.tsunagu.pki.CardAuthentication;
import org.tsunagu.registry.ResidentFacts;
import org.tsunagu.registry.Residents;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
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
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationGrantAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.stereotype.Component;

/**
 * The wallet's own token, with the card as the credential: a JWT-bearer grant (RFC 7523 section 2.1) whose
 * assertion the card's authentication key signs (ES256, the certificate in {@code x5c}; {@code iss} and {@code sub}
 * the certificate's serial, {@code aud} the issuer, at most 5 minutes, a fresh {@code jti}), checked like a card
 * sign-in (chain, OCSP, card state, signature). The token is DPoP-bound, scoped {@code openid me:read} for the
 * wallet's pairwise sector, and stored like any other grant, so it can be revoked.
 */
@Component
class CardGrant implements AuthenticationProvider {

	static final String GRANT = RelyingPartyClients.CARD_GRANT.getValue();

	private final CardAuthentication cards;

	private final Residents residents;

	private final ClientAssertions assertions;

	private final GrantTokens tokens;

	private final Clock clock;

	CardGrant(CardAuthentication cards, Residents residents, ClientAssertions assertions, GrantTokens tokens, Clock clock) {
		this.cards = cards;
		this.residents = residents;
		this.assertions = assertions;
		this.tokens = tokens;
		this.clock = clock;
	}

	/** The grant request as the token endpoint reads it. */
	static final class Request extends OAuth2AuthorizationGrantAuthenticationToken {

		private final String assertion;

		private final String dpop;

		private final String tokenUrl;

		Request(Authentication client, String assertion, String dpop, String tokenUrl, Map<String, Object> parameters) {
			super(RelyingPartyClients.CARD_GRANT, client, parameters);
			this.assertion = assertion;
			this.dpop = dpop;
			this.tokenUrl = tokenUrl;
		}

	}

	/** Token endpoint converter: a JWT-bearer grant from the wallet client. */
	static Authentication convert(HttpServletRequest request) {
		if (!GRANT.equals(request.getParameter("grant_type"))) {
			return null;
		}
		Authentication client = org.springframework.security.core.context.SecurityContextHolder.getContext().getAuthentication();
		String assertion = request.getParameter("assertion");
		if (assertion == null || assertion.length() > 16_384) {
			throw invalid("invalid_request", "The assertion is missing or too long.");
		}
		return new Request(client, assertion, request.getHeader("DPoP"), request.getRequestURL().toString(),
				Map.of("scope", String.valueOf(request.getParameter("scope"))));
	}

	/** Client authentication converter: the wallet names itself; the grant's assertion is its proof. */
	static Authentication walletClient(HttpServletRequest request) {
		if (!"/oauth2/token".equals(AuthenticationRequirements.path(request)) || !GRANT.equals(request.getParameter("grant_type"))
				|| !RelyingPartyClients.WALLET.equals(request.getParameter("client_id"))
				|| request.getParameter("client_assertion") != null || request.getHeader("Authorization") != null) {
			return null;
		}
		return new OAuth2ClientAuthenticationToken(RelyingPartyClients.WALLET, ClientAuthenticationMethod.NONE, null,
				Map.of("grant_type", GRANT));
	}

	/** Client authentication provider for the wallet client on this grant only. */
	static AuthenticationProvider walletClientProvider(RelyingPartyClients clients) {
		return GrantTokens.publicClientOn(clients, RelyingPartyClients.WALLET, GRANT);
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		Request request = (Request) authentication;
		OAuth2ClientAuthenticationToken client = GrantTokens.client(request.getPrincipal(), RelyingPartyClients.WALLET,
				"This grant is for the Tsunagu wallet.");
		RegisteredClient wallet = client.getRegisteredClient();
		String issuer = AuthorizationServerContextHolder.getContext().getIssuer();
		Instant now = this.clock.instant();
		CardAuthentication.Authenticated who = verifyAssertion(request.assertion, issuer, now);
		String jkt = this.tokens.verifyProof(request.dpop, request.tokenUrl);
		ResidentFacts facts = this.residents.find(who.residentId())
			.filter(ResidentFacts::living)
			.orElseThrow(() -> invalid("invalid_grant", "There is no current record for this card."));
		ResidentAuthentication resident = new ResidentAuthentication(facts.id(), "card",
				Levels.lower("high", facts.assurance().eidas()), now);
		Set<String> scopes = new LinkedHashSet<>(List.of("openid", "me:read"));
		Object asked = request.getAdditionalParameters().get("scope");
		if (asked != null && !"null".equals(asked)) {
			scopes.retainAll(List.of(String.valueOf(asked).split(" ")));
		}
		OAuth2AccessToken token = this.tokens.issue(wallet, resident, scopes, jkt, issuer, RelyingPartyClients.CARD_GRANT);
		return new OAuth2AccessTokenAuthenticationToken(wallet, client, token);
	}

	private CardAuthentication.Authenticated verifyAssertion(String assertion, String issuer, Instant now) {
		SignedJWT jwt;
		JWTClaimsSet claims;
		try {
			jwt = SignedJWT.parse(assertion);
			claims = jwt.getJWTClaimsSet();
		}
		catch (ParseException ex) {
			throw invalid("invalid_grant", "The assertion is not a signed JWT.");
		}
		if (!JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm()) || jwt.getHeader().getX509CertChain() == null
				|| jwt.getHeader().getX509CertChain().isEmpty()) {
			throw invalid("invalid_grant", "The assertion is ES256 with the card's certificate in x5c.");
		}
		Date exp = claims.getExpirationTime();
		Date iat = claims.getIssueTime();
		if (claims.getAudience() == null || !claims.getAudience().equals(List.of(issuer)) || exp == null || iat == null
				|| exp.toInstant().isBefore(now) || iat.toInstant().isAfter(now.plusSeconds(10))
				|| exp.toInstant().isAfter(iat.toInstant().plus(Duration.ofMinutes(5))) || claims.getJWTID() == null) {
			throw invalid("invalid_grant", "The assertion's aud, iat, exp or jti is not acceptable.");
		}
		CardAuthentication.Authenticated who;
		try {
			byte[] der = CardAuthentication.es256(jwt.getSignature().decode());
			who = this.cards.verify(jwt.getHeader().getX509CertChain().get(0).decode(), jwt.getSigningInput(), der);
		}
		catch (CardAuthentication.Refused ex) {
			throw invalid("invalid_grant", ex.getMessage());
		}
		if (!who.certificateSerial().equalsIgnoreCase(String.valueOf(claims.getIssuer()))
				|| !who.certificateSerial().equalsIgnoreCase(String.valueOf(claims.getSubject()))) {
			throw invalid("invalid_grant", "The assertion's iss and sub are the certificate's serial.");
		}
		if (!this.assertions.firstUse("card:" + who.certificateSerial(), claims.getJWTID(), exp.toInstant())) {
			throw invalid("invalid_grant", "The assertion's jti was already used.");
		}
		return who;
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return Request.class.isAssignableFrom(authentication);
	}

	private static OAuth2AuthenticationException invalid(String code, String description) {
		return GrantTokens.invalid(code, description);
	}

}
