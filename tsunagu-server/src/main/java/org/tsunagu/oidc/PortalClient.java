package org.tsunagu.oidc;

import java.util.List;

import com.nimbusds.jose.jwk.JWK;

/**
 * The platform's own resident pages as a relying party of this provider: a confidential client
 * ({@value ProviderTokens#PORTAL}) that authenticates with {@code private_key_jwt}, pushes its requests, binds its
 * tokens with DPoP, and is not asked for consent (it is the platform itself, showing the resident their own
 * record). The pages register their public key and exact redirect URIs when they start.
 */
public interface PortalClient {

	/** Scopes the resident pages ask for. */
	List<String> SCOPES = List.of("openid", "profile", "me:read");

	void register(JWK publicKey, List<String> redirectUris, List<String> postLogoutRedirectUris);

}
