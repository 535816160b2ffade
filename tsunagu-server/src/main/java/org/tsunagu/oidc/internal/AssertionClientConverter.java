package org.tsunagu.oidc.internal;

import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Client authentication by a JWT assertion without the {@code client_id} parameter (RFC 7521, section 4.2, makes it
 * optional; RFC 7523 section 3 has the assertion name its client in both {@code iss} and {@code sub}): the client
 * is taken from the assertion, whose signature, audience, lifetime and one-time {@code jti} are then checked by the
 * usual assertion provider against that client's registered keys, exactly as when {@code client_id} is sent. A
 * request that sends {@code client_id}, more than one assertion, an assertion whose {@code iss} and {@code sub}
 * differ, or one that does not parse is left to the default converter, which refuses or accepts it as before.
 */
final class AssertionClientConverter implements AuthenticationConverter {

	static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

	@Override
	public Authentication convert(HttpServletRequest request) {
		if (!"POST".equals(request.getMethod()) || request.getQueryString() != null
				|| request.getParameter(OAuth2ParameterNames.CLIENT_ID) != null
				|| !single(request, OAuth2ParameterNames.CLIENT_ASSERTION_TYPE)
				|| !JWT_BEARER.equals(request.getParameter(OAuth2ParameterNames.CLIENT_ASSERTION_TYPE))
				|| !single(request, OAuth2ParameterNames.CLIENT_ASSERTION)) {
			return null;
		}
		String assertion = request.getParameter(OAuth2ParameterNames.CLIENT_ASSERTION);
		String client;
		try {
			JWTClaimsSet claims = SignedJWT.parse(assertion).getJWTClaimsSet();
			client = claims.getIssuer();
			if (client == null || client.isBlank() || !client.equals(claims.getSubject())) {
				return null;
			}
		}
		catch (ParseException ex) {
			return null;
		}
		return new OAuth2ClientAuthenticationToken(client,
				new ClientAuthenticationMethod(JWT_BEARER), assertion, codeGrantParameters(request));
	}

	private static boolean single(HttpServletRequest request, String name) {
		String[] values = request.getParameterValues(name);
		return values != null && values.length == 1 && !values[0].isEmpty();
	}

	/**
	 * For an authorization code grant, the request's other parameters, which the code verifier's check reads (as the
	 * default converter passes them); none for other grants.
	 */
	private static Map<String, Object> codeGrantParameters(HttpServletRequest request) {
		if (!"authorization_code".equals(request.getParameter(OAuth2ParameterNames.GRANT_TYPE))
				|| request.getParameter(OAuth2ParameterNames.CODE) == null) {
			return Map.of();
		}
		Map<String, Object> parameters = new LinkedHashMap<>();
		request.getParameterMap().forEach((name, values) -> {
			if (!name.equals(OAuth2ParameterNames.CLIENT_ASSERTION_TYPE) && !name.equals(OAuth2ParameterNames.CLIENT_ASSERTION)) {
				parameters.put(name, values.length == 1 ? values[0] : values);
			}
		});
		return parameters;
	}

}
