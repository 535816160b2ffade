package org.tsunagu.oidc.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.oidc.web.authentication.OidcLogoutAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.stereotype.Component;

/**
 * Signing out at the provider (RP-initiated logout) signs the resident out everywhere: the session ends, every
 * grant the resident holds is revoked, and each service that registered a back-channel logout URI receives a
 * logout token (OpenID Connect Back-Channel Logout 1.0) with its own pairwise {@code sub} and the session's
 * {@code sid}. Deliveries run in the background with a short timeout; a service that is down does not hold up
 * the resident.
 *
 * @see <a href="https://openid.net/specs/openid-connect-backchannel-1_0.html">Back-Channel Logout 1.0</a>
 */
@Component
class BackChannelLogout implements AuthenticationSuccessHandler {

	private static final Logger log = LoggerFactory.getLogger(BackChannelLogout.class);

	static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";

	private final OidcLogoutAuthenticationSuccessHandler delegate = new OidcLogoutAuthenticationSuccessHandler();

	private final SealedAuthorizations authorizations;

	private final RelyingPartyClients clients;

	private final PairwiseSubjects subjects;

	private final JwtEncoder encoder;

	private final Clock clock;

	private final HttpClient http = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(2))
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	BackChannelLogout(SealedAuthorizations authorizations, RelyingPartyClients clients, PairwiseSubjects subjects,
			JwtEncoder encoder, Clock clock) {
		this.authorizations = authorizations;
		this.clients = clients;
		this.subjects = subjects;
		this.encoder = encoder;
		this.clock = clock;
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws IOException, ServletException {
		// only the resident's own browser session signs out everywhere: an ID token alone (a service may hold
		// many) ends nothing
		if (authentication instanceof OidcLogoutAuthenticationToken logout && logout.getIdToken() != null
				&& logout.isPrincipalAuthenticated()) {
			OAuth2Authorization hinted = this.authorizations.findByToken(logout.getIdTokenHint(), new OAuth2TokenType("id_token"));
			if (hinted != null && hinted.getPrincipalName().equals(((Authentication) logout.getPrincipal()).getName())) {
				signOutEverywhere(hinted.getPrincipalName(), AuthorizationServerContextHolder.getContext().getIssuer());
			}
		}
		this.delegate.onAuthenticationSuccess(request, response, authentication);
	}

	/** Revokes a resident's grants to one service and tells it, if it asked to be told (consent withdrawn). */
	void signOut(String principal, String clientId, String issuer) {
		RegisteredClient client = this.clients.findByClientId(clientId);
		String sid = null;
		for (OAuth2Authorization grant : this.authorizations.findAll(principal, clientId)) {
			OAuth2Authorization.Token<OidcIdToken> idToken = grant.getToken(OidcIdToken.class);
			if (idToken != null) {
				sid = idToken.getToken().getClaimAsString("sid");
			}
			this.authorizations.remove(grant);
		}
		String uri = client == null ? null : client.getClientSettings().getSetting(RelyingPartyClients.BACKCHANNEL_LOGOUT);
		if (uri != null) {
			String sector = client.getClientSettings().getSetting(RelyingPartyClients.SECTOR);
			deliver(uri, logoutToken(issuer, clientId, this.subjects.subject(sector, UUID.fromString(principal)), sid));
		}
	}

	/** Revokes every grant of the resident and tells each service that asked to be told. */
	void signOutEverywhere(String principal, String issuer) {
		List<OAuth2Authorization> grants = this.authorizations.findAll(principal);
		Set<String> notified = new HashSet<>();
		for (OAuth2Authorization grant : grants) {
			this.authorizations.remove(grant);
			RegisteredClient client = this.clients.findByClientId(grant.getRegisteredClientId());
			OAuth2Authorization.Token<OidcIdToken> idToken = grant.getToken(OidcIdToken.class);
			if (client == null || idToken == null || !notified.add(client.getClientId())) {
				continue;
			}
			String uri = client.getClientSettings().getSetting(RelyingPartyClients.BACKCHANNEL_LOGOUT);
			if (uri != null) {
				String sector = client.getClientSettings().getSetting(RelyingPartyClients.SECTOR);
				String token = logoutToken(issuer, client.getClientId(),
						this.subjects.subject(sector, UUID.fromString(principal)), idToken.getToken().getClaimAsString("sid"));
				deliver(uri, token);
			}
		}
	}

	String logoutToken(String issuer, String clientId, String subject, String sid) {
		Instant now = this.clock.instant();
		JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
			.issuer(issuer)
			.audience(List.of(clientId))
			.subject(subject)
			.issuedAt(now)
			.expiresAt(now.plus(Duration.ofMinutes(2)))
			.id(UUID.randomUUID().toString())
			.claim("events", Map.of(EVENT, Map.of()));
		if (sid != null) {
			claims.claim("sid", sid);
		}
		return this.encoder
			.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.ES256).type("logout+jwt").build(), claims.build()))
			.getTokenValue();
	}

	private void deliver(String uri, String token) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(uri))
			.timeout(Duration.ofSeconds(3))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("logout_token=" + URLEncoder.encode(token, StandardCharsets.US_ASCII)))
			.build();
		this.http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
			if (error != null) {
				log.warn("Back-channel logout to a service failed ({})", error.getClass().getSimpleName());
			}
			else if (response.statusCode() != 200 && response.statusCode() != 204) {
				log.warn("Back-channel logout answered {}", response.statusCode());
			}
		});
	}

}
