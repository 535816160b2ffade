package org.tsunagu.oidc.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * Authorization errors: to the service's registered redirect URI with {@code error}, {@code state} and
 * {@code iss} (RFC 9207) when the redirect URI is known to be the client's; otherwise to the provider's own error
 * page, never to an unchecked address (no open redirect).
 */
@Component
class ProviderErrors {

	private static final Logger log = LoggerFactory.getLogger(ProviderErrors.class);

	/** Error codes the error page explains; anything else shows as a general error. */
	static final Set<String> EXPLAINED = Set.of("invalid_request", "invalid_client", "access_denied",
			"unmet_authentication_requirements", "invalid_scope", "server_error");

	/** The endpoints a client calls itself, where a missing client authentication is an OAuth error (RFC 6749, 5.2). */
	static final Set<String> CLIENT_ENDPOINTS = Set.of("/oauth2/token", "/oauth2/par", "/oauth2/revoke", "/oauth2/introspect");

	/** A request to a client endpoint that no client authentication matched: 401 {@code invalid_client} as JSON. */
	static void clientUnauthenticated(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
			throws IOException {
		response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
		response.setHeader("Cache-Control", "no-store");
		response.setContentType("application/json");
		response.getWriter().write("{\"error\":\"invalid_client\",\"error_description\":"
				+ "\"Authenticate the client with private_key_jwt (RFC 7523).\"}");
	}

	void authorizationError(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
			throws IOException {
		OAuth2Error error = exception instanceof org.springframework.security.oauth2.core.OAuth2AuthenticationException oauth
				? oauth.getError() : new OAuth2Error("server_error");
		OAuth2AuthorizationCodeRequestAuthenticationToken token = exception instanceof OAuth2AuthorizationCodeRequestAuthenticationException e
				? e.getAuthorizationCodeRequestAuthentication() : null;
		log.info("Authorization request refused: {}", error.getErrorCode());
		if (token == null || !StringUtils.hasText(token.getRedirectUri())) {
			response.sendRedirect(request.getContextPath() + "/signin/error?error="
					+ (EXPLAINED.contains(error.getErrorCode()) ? error.getErrorCode() : "server_error"));
			return;
		}
		redirect(response, token.getRedirectUri(), error, token.getState());
	}

	static void redirect(HttpServletResponse response, String redirectUri, OAuth2Error error, String state)
			throws IOException {
		UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(redirectUri)
			.queryParam("error", error.getErrorCode());
		if (StringUtils.hasText(error.getDescription())) {
			uri.queryParam("error_description", UriUtils.encode(error.getDescription(), StandardCharsets.UTF_8));
		}
		if (StringUtils.hasText(state)) {
			uri.queryParam("state", UriUtils.encode(state, StandardCharsets.UTF_8));
		}
		uri.queryParam("iss", UriUtils.encode(AuthorizationServerContextHolder.getContext().getIssuer(), StandardCharsets.UTF_8));
		response.sendRedirect(uri.build(true).toUriString());
	}

}
