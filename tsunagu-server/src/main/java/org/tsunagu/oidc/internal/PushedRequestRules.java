package org.tsunagu.oidc.internal;

import java.util.Map;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;

/**
 * FAPI 2.0 and this provider's rules for a pushed authorization request, after Spring Authorization Server's
 * standard checks: the {@code openid} scope and only scopes a person can grant, a nonce of at most 255 characters,
 * {@code acr_values} this provider knows and the service is registered for, a well-formed {@code dpop_jkt} and
 * {@code max_age}.
 *
 * @see <a href="https://openid.net/specs/fapi-security-profile-2_0-final.html#section-5.3.2.2">FAPI 2.0, 5.3.2.2</a>
 */
final class PushedRequestRules {

	private PushedRequestRules() {
	}

	/** Refuses the request with an OAuth error when it breaks a rule. */
	static void check(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
		OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
		Map<String, Object> parameters = request.getAdditionalParameters();
		if (parameters.containsKey("request")) {
			// a request object is opened by SignedRequestObjects before this point; one that reaches here was not
			refuse(request, "invalid_request_object", "The request object was not read.");
		}
		if (!request.getScopes().contains("openid")) {
			refuse(request, "invalid_scope", "A sign-in asks for the openid scope.");
		}
		for (String scope : request.getScopes()) {
			if (!RelyingPartyRules.SCOPES.contains(scope)) {
				refuse(request, "invalid_scope", "The scope " + scope + " is not one a person can grant.");
			}
		}
		Object nonce = parameters.get("nonce");
		if (nonce instanceof String n && n.length() > 255) {
			refuse(request, "invalid_request", "The nonce is longer than 255 characters.");
		}
		Object acr = parameters.get("acr_values");
		if (acr != null) {
			String acrValues = String.valueOf(acr);
			if (!Levels.allKnown(acrValues)) {
				refuse(request, "invalid_request", "acr_values names a level this provider does not know.");
			}
			String max = context.getRegisteredClient().getClientSettings().getSetting(RelyingPartyClients.MAX_ASSURANCE);
			String required = Levels.required(acrValues).orElse("low");
			if (Levels.rank(required) > Levels.rank(max)) {
				refuse(request, "invalid_request", "This service is registered for at most level " + max + ".");
			}
		}
		Object jkt = parameters.get("dpop_jkt");
		if (jkt != null && !String.valueOf(jkt).matches("[A-Za-z0-9_-]{43}")) {
			refuse(request, "invalid_request", "dpop_jkt is a base64url SHA-256 JWK thumbprint.");
		}
		Object maxAge = parameters.get("max_age");
		if (maxAge != null && !String.valueOf(maxAge).matches("\\d{1,9}")) {
			refuse(request, "invalid_request", "max_age is a number of seconds.");
		}
	}

	private static void refuse(OAuth2AuthorizationCodeRequestAuthenticationToken request, String code, String description) {
		throw new OAuth2AuthorizationCodeRequestAuthenticationException(new OAuth2Error(code, description, null), request);
	}

}
