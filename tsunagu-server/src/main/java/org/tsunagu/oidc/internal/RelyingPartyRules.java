package org.tsunagu.oidc.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.text.ParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import org.tsunagu.platform.Violations;

/**
 * The rules a registration must meet, after FAPI 2.0 and RFC 8252: exact redirect URIs over https (plain http
 * only to a loopback address, for native apps), no fragments or wildcards; public keys only (EC P-256 or P-384,
 * RSA of 2048 bits or more; at least one P-256 or RSA key, since client assertions are ES256 or PS256), given
 * inline or by an https URL but not both; {@code private_key_jwt} and never a shared secret; {@code openid} among
 * the scopes.
 *
 * @see <a href="https://openid.net/specs/fapi-security-profile-2_0-final.html">FAPI 2.0 Security Profile</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8252#section-7.3">RFC 8252 section 7.3</a>
 */
final class RelyingPartyRules {

	/** What a service may ask a person for: claims, the resident API, and (for a wallet) credentials. */
	static final Set<String> SCOPES = java.util.stream.Stream
		.concat(Set.of("openid", "profile", "birthdate", "address", "age_over_18", "core_identity", "me:read").stream(),
				org.tsunagu.oidc.CredentialScopes.ALL.stream())
		.collect(java.util.stream.Collectors.toUnmodifiableSet());

	/** Scopes a service holds for itself through client credentials: the operator API's roles. */
	static final Set<String> SERVICE_SCOPES = Set.of("registry:read", "registry:write", "pki:issue", "oidc:admin",
			"coverage:write", "eligibility:check", "exchange:link", "exchange:request", "exchange:admin",
			"presentation:request");

	static final List<String> ASSURANCE = List.of("low", "substantial", "high");

	private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "[::1]", "::1");

	private RelyingPartyRules() {
	}

	static void check(RelyingPartyForm form, Violations v) {
		if (form.name() == null) {
			v.add("/name", "The service's name is required in English (en) and Japanese (ja).");
		}
		else {
			text(form.name().en(), "/name/en", v);
			text(form.name().ja(), "/name/ja", v);
		}
		if (form.kind() == null || !Set.of("public", "private").contains(form.kind())) {
			v.add("/kind", "The kind is public (a public service) or private (a business).");
		}
		boolean signsPeopleIn = form.scopes() != null && !form.scopes().isEmpty();
		boolean service = form.serviceScopes() != null && !form.serviceScopes().isEmpty();
		// a sector and a privacy policy matter to people signing in; a service-only client may have neither
		boolean serviceOnly = service && !signsPeopleIn;
		httpsUrl(form.sectorIdentifier(), "/sectorIdentifier", !serviceOnly, v);
		if (signsPeopleIn || !service) {
			redirectUris(form.redirectUris(), v);
			scopes(form.scopes(), v);
		}
		else if (form.redirectUris() != null && !form.redirectUris().isEmpty()) {
			v.add("/redirectUris", "A service without person scopes signs no one in: it has no redirect URIs.");
		}
		keys(form, v);
		if (form.maxAssurance() == null || !ASSURANCE.contains(form.maxAssurance())) {
			v.add("/maxAssurance", "The highest level of assurance is low, substantial or high.");
		}
		httpsUrl(form.policyUrl(), "/policyUrl", !serviceOnly, v);
		serviceScopes(form.serviceScopes(), v);
		if (form.postLogoutRedirectUris() != null) {
			exactUris(form.postLogoutRedirectUris(), "/postLogoutRedirectUris", 0, v);
		}
		if (form.backchannelLogoutUri() != null && !loopbackHttp(form.backchannelLogoutUri())) {
			httpsUrl(form.backchannelLogoutUri(), "/backchannelLogoutUri", false, v);
			URI uri = uri(form.backchannelLogoutUri());
			if (uri != null && (uri.getRawFragment() != null || uri.getRawUserInfo() != null)) {
				// Back-Channel Logout 1.0 section 2.2: no fragment; and no credentials in a URL the provider calls
				v.add("/backchannelLogoutUri", "The back-channel logout URI has no fragment and no user information.");
			}
		}
		if (form.tokenEndpointAuthMethod() != null && !form.tokenEndpointAuthMethod().equals("private_key_jwt")) {
			v.add("/tokenEndpointAuthMethod", "Only private_key_jwt is accepted: no client secrets are issued.");
		}
	}

	private static void serviceScopes(List<String> scopes, Violations v) {
		if (scopes == null) {
			return;
		}
		for (int i = 0; i < scopes.size(); i++) {
			if (!SERVICE_SCOPES.contains(scopes.get(i))) {
				v.add("/serviceScopes/" + i, "A service scope is one of "
						+ String.join(", ", SERVICE_SCOPES.stream().sorted().toList()) + ".");
			}
		}
	}

	private static void redirectUris(List<String> uris, Violations v) {
		exactUris(uris, "/redirectUris", 1, v);
	}

	private static void exactUris(List<String> uris, String pointer, int min, Violations v) {
		if (uris == null || uris.size() < min || uris.size() > 10) {
			v.add(pointer, "Between " + min + " and 10 exact URIs are registered.");
			return;
		}
		if (new LinkedHashSet<>(uris).size() != uris.size()) {
			v.add(pointer, "Each URI is registered once.");
		}
		for (int i = 0; i < uris.size(); i++) {
			String at = pointer + "/" + i;
			URI uri = uri(uris.get(i));
			if (uri == null || !uri.isAbsolute() || uri.getHost() == null || uris.get(i).contains("*")
					|| uri.getRawUserInfo() != null || uris.get(i).length() > 500) {
				v.add(at, "A redirect URI is an absolute URL without wildcards.");
			}
			else if (uri.getRawFragment() != null) {
				v.add(at, "A redirect URI has no fragment.");
			}
			else if (uri.getRawPath() != null && (uri.getRawPath().contains("..") || uri.getRawPath().contains(";")
					|| uri.getRawPath().contains("%2e") || uri.getRawPath().contains("%2E"))) {
				v.add(at, "A redirect URI's path has no dot segments or parameters (.. or ;).");
			}
			else if (uri.getScheme().equals("http")) {
				if (!LOOPBACK.contains(uri.getHost())) {
					v.add(at, "Plain http is allowed only to a loopback address (127.0.0.1 or [::1]); use https.");
				}
			}
			else if (!uri.getScheme().equals("https")) {
				v.add(at, "A redirect URI uses https.");
			}
		}
	}

	private static void keys(RelyingPartyForm form, Violations v) {
		if ((form.jwks() == null) == (form.jwksUri() == null)) {
			v.add("/jwks", "Give the public keys either inline (jwks) or by URL (jwksUri), not both and not neither.");
			return;
		}
		if (form.jwksUri() != null) {
			httpsUrl(form.jwksUri(), "/jwksUri", false, v);
			return;
		}
		JWKSet set;
		try {
			set = JWKSet.parse(form.jwks());
		}
		catch (ParseException | RuntimeException ex) {
			v.add("/jwks", "The keys are not a JSON Web Key Set (RFC 7517).");
			return;
		}
		if (set.getKeys().isEmpty() || set.getKeys().size() > 10) {
			v.add("/jwks/keys", "Between 1 and 10 keys are registered.");
		}
		// client assertions are ES256 or PS256: a set without such a key could never authenticate
		if (!set.getKeys().isEmpty() && set.getKeys().stream().noneMatch((key) -> key instanceof RSAKey
				|| (key instanceof ECKey ec && Curve.P_256.equals(ec.getCurve())))) {
			v.add("/jwks/keys", "At least one key signs client assertions: an EC P-256 key (ES256) or an RSA key (PS256).");
		}
		for (int i = 0; i < set.getKeys().size(); i++) {
			String problem = keyProblem(set.getKeys().get(i));
			if (problem != null) {
				v.add("/jwks/keys/" + i, problem);
			}
		}
	}

	private static String keyProblem(JWK key) {
		if (key.isPrivate()) {
			return "This key has private parts; register the public key only.";
		}
		if (key.getKeyID() == null) {
			return "Each key needs a kid, so that a signed assertion can name it.";
		}
		if (key instanceof ECKey ec) {
			return Curve.P_256.equals(ec.getCurve()) || Curve.P_384.equals(ec.getCurve()) ? null
					: "EC keys are P-256 or P-384.";
		}
		if (key instanceof RSAKey rsa) {
			return rsa.size() >= 2048 ? null : "RSA keys have at least 2048 bits.";
		}
		return "Keys are EC (P-256, P-384) or RSA: the algorithms this platform verifies (ES256, ES384, PS256); "
				+ "shared (oct) and Ed25519 keys are not accepted.";
	}

	private static void scopes(List<String> scopes, Violations v) {
		if (scopes == null || !scopes.contains("openid")) {
			v.add("/scopes", "The scopes include openid.");
			return;
		}
		for (int i = 0; i < scopes.size(); i++) {
			if (!SCOPES.contains(scopes.get(i))) {
				v.add("/scopes/" + i, "The scope is one of " + String.join(", ", SCOPES.stream().sorted().toList()) + ".");
			}
		}
	}

	private static void httpsUrl(String value, String pointer, boolean required, Violations v) {
		if (value == null) {
			if (required) {
				v.add(pointer, "An https URL is required.");
			}
			return;
		}
		URI uri = uri(value);
		if (uri == null || !"https".equals(uri.getScheme()) || uri.getHost() == null || value.length() > 500) {
			v.add(pointer, "An https URL is required.");
		}
	}

	/** Plain http to a loopback address: a service on the same host (RFC 8252's rule for redirects, kept for logout). */
	private static boolean loopbackHttp(String value) {
		URI uri = uri(value);
		return uri != null && "http".equals(uri.getScheme()) && uri.getHost() != null && LOOPBACK.contains(uri.getHost())
				&& uri.getRawUserInfo() == null && uri.getRawFragment() == null && value.length() <= 500;
	}

	private static void text(String value, String pointer, Violations v) {
		if (value == null || value.isBlank()) {
			v.add(pointer, "This name is required.");
		}
		else if (value.codePointCount(0, value.length()) > 100 || value.chars().anyMatch(Character::isISOControl)) {
			v.add(pointer, "A name has at most 100 characters and no control characters.");
		}
	}

	private static URI uri(String value) {
		try {
			return value == null ? null : new URI(value);
		}
		catch (URISyntaxException ex) {
			return null;
		}
	}


}
