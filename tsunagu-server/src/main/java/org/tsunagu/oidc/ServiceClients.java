package org.tsunagu.oidc;

import java.util.List;
import java.util.Map;

/**
 * Clients that call the platform's APIs for themselves (client credentials with {@code private_key_jwt}), for the
 * modules that register organisations: an insurer, a clinic, an agency. Such a client signs no one in: it has no
 * redirect URIs, no sector and no person scopes, only its service scopes.
 */
public interface ServiceClients {

	/** The scopes a service client may hold besides the operator roles. */
	List<String> ORGANISATION_SCOPES = List.of("coverage:write", "eligibility:check", "exchange:link", "exchange:request",
			"presentation:request");

	/**
	 * Registers a service client; its keys are checked as a relying party's are (problems point into
	 * {@code /jwks}), and nothing is stored when they fail.
	 * @return the new client id
	 */
	String register(String nameEn, String nameJa, String kind, Map<String, Object> jwks, List<String> scopes, String operator);

	/**
	 * The public keys a service client registered (its {@code jwks}), for a module that checks what the
	 * organisation signs besides its client assertions: an agency's exchange requests and answers.
	 */
	java.util.Optional<com.nimbusds.jose.jwk.JWKSet> keys(String clientId);

}
