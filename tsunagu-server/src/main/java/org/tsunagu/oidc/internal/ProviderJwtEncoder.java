package org.tsunagu.oidc.internal;

import java.net.URL;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.tsunagu.platform.CryptoProviders;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtEncodingException;
import org.springframework.security.oauth2.jwt.JwsHeader;

/**
 * Signs every JWT the provider issues (ID tokens, access tokens, logout tokens, core-identity claims) with the
 * live key of {@link SigningKeys}, ES256 only, through the fast ECDSA provider. The header carries only
 * {@code alg}, {@code kid} and {@code typ}: nothing a verifier could be tricked into trusting ({@code jwk},
 * {@code jku}, {@code x5u}).
 */
final class ProviderJwtEncoder implements JwtEncoder {

	private final SigningKeys keys;

	ProviderJwtEncoder(SigningKeys keys) {
		this.keys = keys;
	}

	@Override
	public Jwt encode(JwtEncoderParameters parameters) {
		ECKey key = this.keys.active();
		JwsHeader requested = parameters.getJwsHeader();
		JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID());
		if (requested != null && requested.getType() != null) {
			header.type(new JOSEObjectType(requested.getType()));
		}
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder();
		parameters.getClaims().getClaims().forEach((name, value) -> claims.claim(name, nimbus(value)));
		SignedJWT jwt = new SignedJWT(header.build(), claims.build());
		try {
			ECDSASigner signer = new ECDSASigner(key.toECPrivateKey());
			signer.getJCAContext().setProvider(CryptoProviders.ecdsa());
			jwt.sign(signer);
		}
		catch (JOSEException ex) {
			throw new JwtEncodingException("The token could not be signed", ex);
		}
		Map<String, Object> headers = new LinkedHashMap<>(jwt.getHeader().toJSONObject());
		Map<String, Object> values = new LinkedHashMap<>(parameters.getClaims().getClaims());
		Instant issuedAt = parameters.getClaims().getIssuedAt();
		Instant expiresAt = parameters.getClaims().getExpiresAt();
		return new Jwt(jwt.serialize(), issuedAt, expiresAt, headers, values);
	}

	private static Object nimbus(Object value) {
		return switch (value) {
			case Instant instant -> Date.from(instant);
			case URL url -> url.toString();
			case Collection<?> collection -> collection.stream().map(ProviderJwtEncoder::nimbus).toList();
			case Map<?, ?> map -> {
				Map<String, Object> copy = new LinkedHashMap<>();
				map.forEach((k, v) -> copy.put(String.valueOf(k), nimbus(v)));
				yield copy;
			}
			default -> value;
		};
	}

}
