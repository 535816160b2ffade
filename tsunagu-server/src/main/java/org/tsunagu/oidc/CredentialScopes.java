package org.tsunagu.oidc;

import java.util.Set;

/**
 * The scopes of the credential issuer's configurations (OpenID4VCI section 5.1.2), which a registered wallet may ask
 * for in the authorization code flow: the person signs in and consents as for any service, and the access token
 * then lets the wallet take that credential at the credential endpoint. The credential issuer's configuration ids
 * are these; a test keeps the two the same.
 *
 * @see <a href="https://openid.net/specs/openid-4-verifiable-credential-issuance-1_0.html#section-5.1.2">OpenID4VCI
 *     1.0, section 5.1.2</a>
 */
public final class CredentialScopes {

	public static final Set<String> ALL = Set.of("tsunagu_pid", "tsunagu_age", "tsunagu_residence", "tsunagu_insurance");

	private CredentialScopes() {
	}

}
