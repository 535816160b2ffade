package org.tsunagu.oidc.internal;

import java.io.IOException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Signed request objects at the pushed authorization request endpoint (RFC 9126, section 3; RFC 9101; FAPI 2.0
 * Message Signing, section 5.3.1): the {@code request} parameter is a JWS signed with ES256 or PS256 by a key the
 * client registered, {@code iss} the client, {@code aud} this issuer (alone or among others), {@code nbf} and
 * {@code exp} present, {@code exp} at most 60 minutes after {@code nbf}, {@code nbf} at most 60 minutes old and not
 * in the future, and no {@code request} or {@code request_uri} inside. The authorization request's parameters are
 * then taken from the object only; of the form, only the client's authentication stays. A service registered with
 * {@code requireSignedRequestObject} has every plain push refused. Failures answer 400 {@code invalid_request_object}.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9126#section-3">RFC 9126, section 3</a>
 */
final class SignedRequestObjects extends OncePerRequestFilter {

	static final Duration MAX_LIFETIME = Duration.ofMinutes(60);

	/** The form parameters that stay next to a request object: the client's authentication (RFC 9126, section 3). */
	private static final List<String> AUTHENTICATION = List.of("client_assertion", "client_assertion_type");

	/** The object's JWT claims, which are not authorization request parameters. */
	private static final Set<String> JWT_CLAIMS = Set.of("iss", "aud", "exp", "nbf", "iat", "jti", "sub");

	private static final JsonMapper JSON = org.tsunagu.platform.StrictJson.mapper();

	private final RelyingPartyClients clients;

	private final ClientAssertions keys;

	private final Clock clock;

	SignedRequestObjects(RelyingPartyClients clients, ClientAssertions keys, Clock clock) {
		this.clients = clients;
		this.keys = keys;
		this.clock = clock;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !"POST".equals(request.getMethod()) || !"/oauth2/par".equals(AuthenticationRequirements.path(request));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String[] objects = request.getParameterValues("request");
		if (objects == null) {
			RegisteredClient client = this.clients.findByClientId(clientNamed(request, null));
			if (client != null && Boolean.TRUE.equals(client.getClientSettings().getSetting(RelyingPartyClients.SIGNED_REQUESTS_ONLY))) {
				refuse(response, "This service's pushed requests are signed request objects (the request parameter).");
				return;
			}
			if (request.getParameter("response_type") == null) {
				// the provider's converter takes a push without one for no request at all
				ErrorResponses.write(response, 400, "invalid_request", "A pushed request names its response_type.");
				return;
			}
			chain.doFilter(request, response);
			return;
		}
		Map<String, String[]> parameters;
		try {
			parameters = verified(request, objects);
		}
		catch (Refused ex) {
			refuse(response, ex.getMessage());
			return;
		}
		chain.doFilter(new FormParameters(request, parameters), response);
	}

	private Map<String, String[]> verified(HttpServletRequest request, String[] objects) {
		if (objects.length != 1 || !(parse(objects[0]) instanceof SignedJWT signed)) {
			throw new Refused("The request parameter is one signed JWT.");
		}
		String clientId = clientNamed(request, signed);
		RegisteredClient client = this.clients.findByClientId(clientId);
		if (client == null) {
			throw new Refused("The request object's client is not registered.");
		}
		Jwt object;
		try {
			object = this.keys.requestObjects(client).decode(objects[0]);
		}
		catch (RuntimeException ex) {
			throw new Refused("The request object is not signed with ES256 or PS256 by a key of the client.");
		}
		check(object, clientId, AuthorizationServerContextHolder.getContext().getIssuer());
		Map<String, String[]> parameters = new LinkedHashMap<>();
		object.getClaims().forEach((name, value) -> {
			if (!JWT_CLAIMS.contains(name)) {
				parameters.put(name, new String[] { asParameter(value) });
			}
		});
		for (String name : AUTHENTICATION) {
			String[] values = request.getParameterValues(name);
			if (values != null) {
				parameters.put(name, values);
			}
		}
		parameters.put("client_id", new String[] { clientId });
		return parameters;
	}

	private void check(Jwt object, String clientId, String issuer) {
		Instant now = this.clock.instant();
		Instant nbf = object.getNotBefore();
		Instant exp = object.getExpiresAt();
		Object clientClaim = object.getClaims().get("client_id");
		if (!clientId.equals(object.getClaimAsString("iss")) || clientClaim != null && !clientId.equals(clientClaim)) {
			throw new Refused("The request object's iss and client_id are the client's.");
		}
		if (object.getAudience() == null || !object.getAudience().contains(issuer)) {
			throw new Refused("The request object's aud names this issuer.");
		}
		if (nbf == null || exp == null) {
			throw new Refused("The request object has nbf and exp.");
		}
		if (!exp.isAfter(now) || nbf.isAfter(now.plus(ClientAssertions.SKEW)) || nbf.isBefore(now.minus(MAX_LIFETIME))
				|| exp.isAfter(nbf.plus(MAX_LIFETIME))) {
			throw new Refused("The request object is valid from nbf to exp, at most 60 minutes, and now.");
		}
		if (object.hasClaim("request") || object.hasClaim("request_uri")) {
			throw new Refused("A request object holds neither request nor request_uri.");
		}
		if (!(object.getClaims().get("response_type") instanceof String)) {
			throw new Refused("The request object names its response_type.");
		}
	}

	/** The client: {@code client_id} of the form, else the object's {@code iss}, else the assertion's. */
	private static String clientNamed(HttpServletRequest request, SignedJWT object) {
		String given = request.getParameter("client_id");
		if (given != null) {
			return given;
		}
		try {
			String assertion = request.getParameter("client_assertion");
			return object != null ? object.getJWTClaimsSet().getIssuer()
					: assertion == null ? null : SignedJWT.parse(assertion).getJWTClaimsSet().getIssuer();
		}
		catch (ParseException ex) {
			return null;
		}
	}

	private static Object parse(String object) {
		try {
			return JWTParser.parse(object);
		}
		catch (ParseException ex) {
			return null;
		}
	}

	private static String asParameter(Object value) {
		if (value instanceof String text) {
			return text;
		}
		if (value instanceof Map<?, ?> || value instanceof Collection<?>) {
			return JSON.writeValueAsString(value);
		}
		return String.valueOf(value);
	}

	private static void refuse(HttpServletResponse response, String description) throws IOException {
		response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
		response.setHeader("Cache-Control", "no-store");
		response.setContentType("application/json");
		response.getWriter().write("{\"error\":\"invalid_request_object\",\"error_description\":\"" + description + "\"}");
	}

	private static final class Refused extends RuntimeException {

		Refused(String description) {
			super(description, null, false, false);
		}

	}

}
