package org.tsunagu.oidc;

import java.util.Optional;
import java.util.UUID;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * This provider's own access tokens, for the platform's APIs: a token is accepted when this provider signed it as
 * an access token ({@code typ: at+jwt}), it has not expired, and its grant has not been revoked.
 */
public interface ProviderTokens {

	/**
	 * @throws org.springframework.security.oauth2.server.resource.InvalidBearerTokenException when the token is not
	 * a live access token of this provider
	 */
	Jwt verify(String token);

	/**
	 * Whether a verified DPoP proof sent with one of these tokens is used for the first time by its key, on any
	 * node (RFC 9449, section 11.1), for {@link DPoPReplayFilter}.
	 */
	boolean firstProofUse(String keyThumbprint, String jti, java.time.Instant until);

	/**
	 * Ends every grant a proxy made under a delegation: its authorization codes, access tokens and refresh tokens
	 * stop working on their next use, here and at introspection; answers how many grants ended.
	 */
	int revokeDelegated(UUID delegationId);

	/** The resident a person's token speaks for; empty for a service's own token. */
	Optional<UUID> resident(Jwt token);

	/** The resident's wallet: a first-party client that authenticates with the card itself. */
	String WALLET = org.tsunagu.platform.ResidentCaller.WALLET;

	/** The platform's own resident pages: a first-party relying party of this provider. */
	String PORTAL = "tsunagu-portal";

	/**
	 * Whether the token was issued to one of the platform's own clients (the wallet, the resident pages), which
	 * act for the resident on everything the resident holds; any other service sees only what concerns itself.
	 */
	static boolean firstParty(Jwt token) {
		String client = token.getClaimAsString("client_id");
		return WALLET.equals(client) || PORTAL.equals(client);
	}

}
