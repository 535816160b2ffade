package org.tsunagu.oidc.internal;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import org.tsunagu.oidc.PreAuthorizedCodes;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationGrantAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.stereotype.Component;

/**
 * OpenID4VCI's pre-authorized code grant at this provider's token endpoint: any wallet, anonymous (a client it
 * names is not authenticated, and is taken as the one public {@link PreAuthorizedCodes#ANONYMOUS_WALLET} client),
 * exchanges the code of a credential offer and the transaction code the person was shown for a DPoP-bound access
 * token whose scopes are the offered credentials'. The credential issuer redeems the code; a code works once.
 *
 * @see <a href="https://openid.net/specs/openid-4-verifiable-credential-issuance-1_0.html#section-6.1">OpenID4VCI 1.0 section 6.1</a>
 */
@Component
class PreAuthorizedCodeGrant implements AuthenticationProvider {

	static final AuthorizationGrantType GRANT = new AuthorizationGrantType(PreAuthorizedCodes.GRANT);

	private final ObjectProvider<PreAuthorizedCodes> codes;

	private final GrantTokens tokens;

	PreAuthorizedCodeGrant(ObjectProvider<PreAuthorizedCodes> codes, GrantTokens tokens) {
		this.codes = codes;
		this.tokens = tokens;
	}

	static final class Request extends OAuth2AuthorizationGrantAuthenticationToken {

		private final String code;

		private final String txCode;

		private final String dpop;

		private final String tokenUrl;

		Request(Authentication client, String code, String txCode, String dpop, String tokenUrl) {
			super(GRANT, client, Map.of());
			this.code = code;
			this.txCode = txCode;
			this.dpop = dpop;
			this.tokenUrl = tokenUrl;
		}

	}

	/** Token endpoint converter. */
	static Authentication convert(HttpServletRequest request) {
		if (!PreAuthorizedCodes.GRANT.equals(request.getParameter("grant_type"))) {
			return null;
		}
		String code = request.getParameter("pre-authorized_code");
		String txCode = request.getParameter("tx_code");
		if (code == null || code.isEmpty() || code.length() > 256 || (txCode != null && txCode.length() > 64)) {
			throw GrantTokens.invalid("invalid_request", "pre-authorized_code is missing or too long, or tx_code is too long.");
		}
		return new Request(SecurityContextHolder.getContext().getAuthentication(), code, txCode, request.getHeader("DPoP"),
				request.getRequestURL().toString());
	}

	/** Client authentication converter: a wallet on this grant is anonymous unless it authenticates otherwise. */
	static Authentication anonymousWallet(HttpServletRequest request) {
		if (!"/oauth2/token".equals(AuthenticationRequirements.path(request))
				|| !PreAuthorizedCodes.GRANT.equals(request.getParameter("grant_type"))
				|| request.getParameter("client_assertion") != null || request.getHeader("Authorization") != null) {
			return null;
		}
		return new OAuth2ClientAuthenticationToken(PreAuthorizedCodes.ANONYMOUS_WALLET, ClientAuthenticationMethod.NONE,
				null, Map.of("grant_type", PreAuthorizedCodes.GRANT));
	}

	/** Client authentication provider for the anonymous wallet, on this grant only. */
	static AuthenticationProvider anonymousWalletProvider(RelyingPartyClients clients) {
		return GrantTokens.publicClientOn(clients, PreAuthorizedCodes.ANONYMOUS_WALLET, PreAuthorizedCodes.GRANT);
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		Request request = (Request) authentication;
		OAuth2ClientAuthenticationToken client = GrantTokens.client(request.getPrincipal(), PreAuthorizedCodes.ANONYMOUS_WALLET,
				"This grant is for wallets, unauthenticated.");
		PreAuthorizedCodes issuer = this.codes.getIfAvailable();
		if (issuer == null) {
			throw GrantTokens.invalid("unsupported_grant_type", "This provider issues no credentials.");
		}
		String jkt = this.tokens.verifyProof(request.dpop, request.tokenUrl);
		PreAuthorizedCodes.Redeemed redeemed;
		try {
			redeemed = issuer.redeem(request.code, request.txCode);
		}
		catch (PreAuthorizedCodes.Refused ex) {
			throw GrantTokens.invalid("invalid_grant", ex.getMessage());
		}
		RegisteredClient wallet = client.getRegisteredClient();
		ResidentAuthentication resident = new ResidentAuthentication(redeemed.residentId(), redeemed.method(),
				redeemed.level(), redeemed.signedInAt());
		Set<String> scopes = new LinkedHashSet<>(redeemed.scopes());
		OAuth2AccessToken token = this.tokens.issue(wallet, resident, scopes, jkt,
				AuthorizationServerContextHolder.getContext().getIssuer(), GRANT);
		return new OAuth2AccessTokenAuthenticationToken(wallet, client, token);
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return Request.class.isAssignableFrom(authentication);
	}

}
