package org.tsunagu.oidc.internal;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContext;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.web.util.UrlUtils;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * An access token is accepted only where it was issued: its {@code iss} must be this provider's issuer (RFC 9068
 * section 4) — the configured public URL, or, when none is configured, the issuer the provider answers as for the
 * request at hand (its scheme, host and port, as the authorization server derives it). A token the provider
 * issued under one name is then not accepted under another, and Spring Security's decoder, which checks no issuer
 * unless told to (CVE-2026-22748), is told to. Outside a request, with no issuer configured, nothing is accepted.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9068#section-4">RFC 9068 section 4</a>
 */
@Component
final class AccessTokenIssuer implements OAuth2TokenValidator<Jwt> {

	private static final OAuth2Error ANOTHER_ISSUER = new OAuth2Error("invalid_token",
			"The access token was issued by another issuer.", null);

	private final AuthorizationServerSettings settings;

	AccessTokenIssuer(AuthorizationServerSettings settings) {
		this.settings = settings;
	}

	@Override
	public OAuth2TokenValidatorResult validate(Jwt token) {
		String expected = expected();
		return expected != null && expected.equals(token.getClaimAsString("iss")) ? OAuth2TokenValidatorResult.success()
				: OAuth2TokenValidatorResult.failure(ANOTHER_ISSUER);
	}

	/** This provider's issuer for the current request; {@code null} when there is neither a setting nor a request. */
	String expected() {
		if (this.settings.getIssuer() != null) {
			return this.settings.getIssuer();
		}
		AuthorizationServerContext context = AuthorizationServerContextHolder.getContext();
		if (context != null) {
			return context.getIssuer();
		}
		if (!(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)) {
			return null;
		}
		HttpServletRequest request = attributes.getRequest();
		return UriComponentsBuilder.fromUriString(UrlUtils.buildFullRequestUrl(request))
			.replacePath(request.getContextPath())
			.replaceQuery(null)
			.fragment(null)
			.build()
			.toUriString();
	}

}
