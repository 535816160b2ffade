package org.tsunagu.oidc.internal;

import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import org.tsunagu.platform.StrictJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.stereotype.Component;

/**
 * Checks {@code private_key_jwt} client assertions (RFC 7523, FAPI 2.0 section 5.3.2.1): signed with ES256 or
 * PS256 by a key the relying party registered (inline or at its https JWKS URL); {@code iss} and {@code sub} the
 * client id; {@code aud} the issuer, as a single string (FAPI 2.0 final: no endpoint URL, no array);
 * {@code exp} present and at most {@link #MAX_LIFETIME} after {@code iat}; {@code iat} and {@code nbf} at most
 * {@link #SKEW} in the future; and a {@code jti} never seen before for the client while the assertion lives. Keys
 * registered by URL are cached for five minutes; an unknown {@code kid} refetches them at most twice per
 * {@link #KEY_FETCH_INTERVAL}, so unauthenticated requests cannot make the provider flood the relying party.
 */
@Component
class ClientAssertions implements JwtDecoderFactory<RegisteredClient>, org.tsunagu.oidc.DPoPReplayFilter.ProofIds {

	static final Duration SKEW = Duration.ofSeconds(10);

	static final Duration MAX_LIFETIME = Duration.ofMinutes(5);

	/** How often, at most, a relying party's key set is fetched again for a key it did not hold. */
	static final Duration KEY_FETCH_INTERVAL = Duration.ofSeconds(30);

	private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.PS256);

	private static final JOSEObjectType REQUEST_OBJECT = new JOSEObjectType("oauth-authz-req+jwt");

	private static final JsonMapper PAYLOADS = StrictJson.mapper();

	private final JdbcClient jdbc;

	private final Clock clock;

	private final Map<String, Cached> decoders = new ConcurrentHashMap<>();

	ClientAssertions(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	@Override
	public JwtDecoder createDecoder(RegisteredClient client) {
		JwtDecoder decoder = cached(client).assertions();
		String issuer = AuthorizationServerContextHolder.getContext().getIssuer();
		return (token) -> {
			Jwt jwt = decoder.decode(token);
			OAuth2TokenValidatorResult result = singleAudience(token, issuer) ? check(client.getClientId(), jwt)
					: failure("The assertion's aud must be the issuer, as a string.");
			if (result.hasErrors()) {
				throw new org.springframework.security.oauth2.jwt.JwtValidationException(
						result.getErrors().iterator().next().getDescription(), result.getErrors());
			}
			return jwt;
		};
	}

	/**
	 * The signature-only verifier of the client's request objects (RFC 9101: typed {@code oauth-authz-req+jwt},
	 * {@code JWT} or untyped), whose claims {@link SignedRequestObjects} checks.
	 */
	JwtDecoder requestObjects(RegisteredClient client) {
		return cached(client).requestObjects();
	}

	private Cached cached(RegisteredClient client) {
		Object version = client.getClientSettings().getSetting(RelyingPartyClients.VERSION);
		Cached cached = this.decoders.get(client.getClientId());
		if (cached == null || !cached.version().equals(version)) {
			JWKSource<SecurityContext> keys = keys(client);
			cached = new Cached(version, decoder(keys, DefaultJOSEObjectTypeVerifier.JWT),
					decoder(keys, new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, REQUEST_OBJECT, null)));
			this.decoders.put(client.getClientId(), cached);
		}
		return cached;
	}

	private OAuth2TokenValidatorResult check(String clientId, Jwt jwt) {
		Instant now = this.clock.instant();
		if (!clientId.equals(jwt.getClaimAsString("iss")) || !clientId.equals(jwt.getSubject())) {
			return failure("The assertion's iss and sub must be the client id.");
		}
		Instant exp = jwt.getExpiresAt();
		Instant iat = jwt.getIssuedAt();
		if (exp == null || !exp.isAfter(now.minus(SKEW))) {
			return failure("The assertion has expired or has no exp.");
		}
		if (iat != null && iat.isAfter(now.plus(SKEW)) || jwt.getNotBefore() != null && jwt.getNotBefore().isAfter(now.plus(SKEW))) {
			return failure("The assertion's iat or nbf is in the future.");
		}
		if (exp.isAfter((iat == null ? now : iat).plus(MAX_LIFETIME))) {
			return failure("The assertion lives too long: at most five minutes.");
		}
		String jti = jwt.getId();
		if (jti == null || jti.isBlank() || jti.length() > 200) {
			return failure("The assertion needs a jti.");
		}
		return firstUse(clientId, jti, exp) ? OAuth2TokenValidatorResult.success()
				: failure("The assertion's jti was already used.");
	}

	/** Records a {@code jti} for a client until {@code expires}; {@code false} when it was seen before. */
	boolean firstUse(String clientId, String jti, Instant expires) {
		// a seen jti inserts nothing rather than failing: inside the request's one transaction, a failed statement
		// would end the transaction for everything after it
		return this.jdbc.sql("""
				INSERT INTO oidc_assertion_jti (client_id, jti_hash, expires_at) VALUES (:client, :jti, :exp)
				ON CONFLICT DO NOTHING""")
			.param("client", clientId)
			.param("jti", ProviderKeys.sha256(jti))
			.param("exp", expires.plus(SKEW).atOffset(ZoneOffset.UTC))
			.update() == 1;
	}

	/** DPoP proofs' ids, per proof key, until the proofs can no longer be accepted anyway. */
	@Override
	public boolean firstProofUse(String keyThumbprint, String jti, Instant until) {
		return firstUse("dpop:" + keyThumbprint, jti, until);
	}

	/** Removes spent jti records whose assertions can no longer be accepted anyway. */
	int purge(java.time.Instant now) {
		return this.jdbc.sql("DELETE FROM oidc_assertion_jti WHERE expires_at < :now")
			.param("now", now.atOffset(ZoneOffset.UTC))
			.update();
	}

	/** The signed payload's {@code aud} as sent: one JSON string equal to the issuer (Spring turns it into a list). */
	static boolean singleAudience(String token, String issuer) {
		try {
			JsonNode aud = PAYLOADS.readTree(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1])).get("aud");
			return aud != null && aud.isString() && issuer.equals(aud.asString());
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private static OAuth2TokenValidatorResult failure(String description) {
		return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_client", description, null));
	}

	private static JWKSource<SecurityContext> keys(RegisteredClient client) {
		JWKSource<SecurityContext> keys;
		String inline = client.getClientSettings().getSetting(RelyingPartyClients.JWKS);
		try {
			if (inline != null) {
				keys = new ImmutableJWKSet<>(JWKSet.parse(inline));
			}
			else {
				keys = JWKSourceBuilder
					.create(URI.create(client.getClientSettings().getJwkSetUrl()).toURL(),
							new DefaultResourceRetriever(2000, 2000, 256 * 1024))
					.cache(Duration.ofMinutes(5).toMillis(), Duration.ofSeconds(15).toMillis())
					// a kid the cached set lacks makes Nimbus fetch the set again; anyone can send such an assertion,
					// so at most two fetches per interval, whatever the traffic
					.rateLimited(KEY_FETCH_INTERVAL.toMillis())
					.build();
			}
		}
		catch (ParseException | MalformedURLException | IllegalArgumentException ex) {
			throw new IllegalStateException("The relying party's keys cannot be read", ex);
		}
		return keys;
	}

	private static JwtDecoder decoder(JWKSource<SecurityContext> keys, JOSEObjectTypeVerifier<SecurityContext> types) {
		DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
		processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
		processor.setJWSTypeVerifier(types);
		// claims are checked by this class or SignedRequestObjects, with the provider's clock
		processor.setJWTClaimsSetVerifier((claims, context) -> {
		});
		NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
		decoder.setJwtValidator((jwt) -> OAuth2TokenValidatorResult.success());
		return decoder;
	}

	private record Cached(Object version, JwtDecoder assertions, JwtDecoder requestObjects) {
	}

}
