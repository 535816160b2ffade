package org.tsunagu.oidc;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.oauth2.core.ClaimAccessor;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.DPoPProofJwtDecoderFactory;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtIssuedAtValidator;
import org.springframework.security.oauth2.server.resource.authentication.DPoPAuthenticationProvider;

/**
 * How this platform checks a DPoP proof (RFC 9449, section 4.3): Spring Security's signature, {@code typ} and key
 * checks, then {@code htm}, a {@code jti}, {@code iat}, and {@code htu} matching the request's URI "ignoring any query
 * and fragment parts" after RFC 3986's normalisation (scheme and host in any case, the default port written or not),
 * where Spring Security compares {@code htu} as an exact string. At a resource, also {@code ath} and the access
 * token's {@code cnf.jkt}. A proof's {@code jti} is made single-use across nodes: by {@link DPoPReplayFilter} at
 * resources, by {@link #firstUse} at PAR and for the provider's own grants, and by the provider's token claims for
 * the standard grants.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9449#section-4.3">RFC 9449, section 4.3</a>
 */
public final class DPoPProofs {

	private DPoPProofs() {
	}

	/** Verifiers of proofs, by the rules above. */
	public static DPoPProofJwtDecoderFactory verifiers() {
		DPoPProofJwtDecoderFactory factory = new DPoPProofJwtDecoderFactory();
		factory.setJwtValidatorFactory((context) -> new DelegatingOAuth2TokenValidator<>(
				(jwt) -> check(context.getMethod().equals(jwt.getClaimAsString("htm")), "htm is not the request's method."),
				(jwt) -> check(jwt.getClaimAsString("htu") != null && sameResource(jwt.getClaimAsString("htu"), context.getTargetUri()),
						"htu is not the request's URI."),
				(jwt) -> check(jwt.getId() != null && !jwt.getId().isBlank(), "jti is required."),
				new JwtIssuedAtValidator(true), boundTo(context.getAccessToken())));
		return factory;
	}

	/** Spring Security's DPoP authentication at a resource, with {@link #verifiers()}. */
	public static AuthenticationProvider resourceAuthentication(AuthenticationManager accessTokens) {
		DPoPAuthenticationProvider provider = new DPoPAuthenticationProvider(accessTokens);
		provider.setDPoPProofVerifierFactory(verifiers());
		return provider;
	}

	/**
	 * Whether this is the first use of a verified proof by the key {@code keyThumbprint}, recorded for every node
	 * (RFC 9449, section 11.1); a proof dated more than {@link DPoPReplayFilter#MAX_AHEAD} ahead is refused too.
	 */
	public static boolean firstUse(Jwt proof, String keyThumbprint, DPoPReplayFilter.ProofIds ids) {
		Instant issued = proof.getIssuedAt() == null ? Instant.now() : proof.getIssuedAt();
		return !DPoPReplayFilter.fromTheFuture(issued) && proof.getId() != null
				&& ids.firstProofUse(keyThumbprint, proof.getId(), issued.plusSeconds(120));
	}

	/** Whether {@code htu} names the resource at {@code requestUri}, ignoring query and fragment (RFC 9449, 4.3). */
	public static boolean sameResource(String htu, String requestUri) {
		Optional<String> named = normalised(htu);
		return named.isPresent() && named.equals(normalised(requestUri));
	}

	private static Optional<String> normalised(String uri) {
		try {
			URI parsed = new URI(uri);
			if (!parsed.isAbsolute() || parsed.getHost() == null || parsed.getRawUserInfo() != null) {
				return Optional.empty();
			}
			String scheme = parsed.getScheme().toLowerCase(Locale.ROOT);
			int port = parsed.getPort();
			boolean defaultPort = "https".equals(scheme) && port == 443 || "http".equals(scheme) && port == 80;
			String path = parsed.getRawPath() == null || parsed.getRawPath().isEmpty() ? "/" : parsed.getRawPath();
			return Optional.of(scheme + "://" + parsed.getHost().toLowerCase(Locale.ROOT)
					+ (port == -1 || defaultPort ? "" : ":" + port) + path);
		}
		catch (URISyntaxException ex) {
			return Optional.empty();
		}
	}

	/** At a resource: {@code ath} is the token's hash, and the proof's key the one the token is bound to. */
	private static OAuth2TokenValidator<Jwt> boundTo(OAuth2Token token) {
		if (token == null) {
			return (jwt) -> OAuth2TokenValidatorResult.success();
		}
		return (jwt) -> {
			Object cnf = token instanceof ClaimAccessor claims ? claims.getClaims().get("cnf") : null;
			Object jkt = cnf instanceof Map<?, ?> map ? map.get("jkt") : null;
			try {
				@SuppressWarnings("unchecked")
				Map<String, Object> jwk = (Map<String, Object>) jwt.getHeaders().get("jwk");
				boolean key = jkt != null && jkt.equals(JWK.parse(jwk).computeThumbprint().toString());
				boolean ath = sha256(token.getTokenValue()).equals(jwt.getClaimAsString("ath"));
				return check(key && ath, "The proof is not for this access token or its key.");
			}
			catch (java.text.ParseException | JOSEException | RuntimeException ex) {
				return check(false, "The proof's key cannot be read.");
			}
		};
	}

	private static String sha256(String value) {
		try {
			return Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static OAuth2TokenValidatorResult check(boolean holds, String description) {
		return holds ? OAuth2TokenValidatorResult.success()
				: OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_dpop_proof", description, null));
	}

}
