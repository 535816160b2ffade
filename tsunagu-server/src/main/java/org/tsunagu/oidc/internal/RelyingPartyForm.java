package org.tsunagu.oidc.internal;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A relying party's registration as sent and as answered: names in English and Japanese, kind
 * ({@code public} service or {@code private} business), sector identifier (the pairwise subjects' scope), exact
 * redirect URIs, keys ({@code jwks} or {@code jwksUri}), scopes, the highest level of assurance it may ask for,
 * its privacy policy, and its client authentication, which is always {@code private_key_jwt}. A service that calls
 * this platform's APIs for itself (client credentials) lists {@code serviceScopes}; one that signs people out
 * registers {@code postLogoutRedirectUris} and a {@code backchannelLogoutUri}. One that lets a proxy sign in for
 * someone else sets {@code acceptsProxies}; one the law lets a 15-year-old use alone sets {@code minorsAloneFrom15}.
 * One that wants every pushed request of its own to be a signed request object sets
 * {@code requireSignedRequestObject} (RFC 9101, section 10.5).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RelyingPartyForm(Names name, String kind, String sectorIdentifier, List<String> redirectUris,
		Map<String, Object> jwks, String jwksUri, List<String> scopes, String maxAssurance, String policyUrl,
		String tokenEndpointAuthMethod, List<String> serviceScopes, List<String> postLogoutRedirectUris,
		String backchannelLogoutUri, Boolean acceptsProxies, Boolean minorsAloneFrom15, Boolean requireSignedRequestObject) {

	/** The service's name in each language the pages speak. */
	public record Names(String en, String ja) {
	}

}
