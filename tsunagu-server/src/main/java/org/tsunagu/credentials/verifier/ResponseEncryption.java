package org.tsunagu.credentials.verifier;

import java.text.ParseException;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.crypto.ECDHDecrypter;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;

/**
 * Encrypted responses ({@code direct_post.jwt}, OpenID4VP 1.0 section 8.3): a P-256 key made for one request, whose
 * public part goes in the request's {@code client_metadata.jwks}; the wallet's answer is a JWE to it with
 * {@code ECDH-ES} and {@code A128GCM} or {@code A256GCM}. Anything else is refused before any decryption.
 *
 * @see <a href="https://openid.net/specs/openid-4-verifiable-presentations-1_0.html#section-8.3">OpenID4VP 1.0,
 *     section 8.3</a>
 */
final class ResponseEncryption {

	static final List<String> ENC_VALUES = List.of(EncryptionMethod.A128GCM.getName(), EncryptionMethod.A256GCM.getName());

	/** A JWE that is larger than this is not read. */
	static final int MAX_LENGTH = 300_000;

	private ResponseEncryption() {
	}

	/** Why an encrypted response cannot be read; the message names the rule, never the content. */
	static final class Unreadable extends Exception {

		Unreadable(String message) {
			super(message, null, false, false);
		}

	}

	/** A new key for one request, its key id {@code kid}. */
	static ECKey newKey(String kid) {
		try {
			return new ECKeyGenerator(Curve.P_256).keyID(kid).keyUse(KeyUse.ENCRYPTION).algorithm(JWEAlgorithm.ECDH_ES)
				.generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("P-256 key generation failed", ex);
		}
	}

	/** What the request's client metadata says of the key. */
	static Map<String, Object> metadata(String privateJwk) {
		try {
			return Map.of("jwks", Map.of("keys", List.of(ECKey.parse(privateJwk).toPublicJWK().toJSONObject())),
					"encrypted_response_enc_values_supported", ENC_VALUES);
		}
		catch (ParseException ex) {
			throw new IllegalStateException("A stored response key does not parse", ex);
		}
	}

	/** The key id the JWE names, to find its request by. */
	static String kid(String jwe) throws Unreadable {
		JWEObject object = parse(jwe);
		String kid = object.getHeader().getKeyID();
		if (kid == null || kid.length() > 43) {
			throw new Unreadable("The encrypted response names no key of a pending request (kid).");
		}
		return kid;
	}

	/** The response's parameters, decrypted with the request's key. */
	static Map<String, Object> decrypt(String jwe, String privateJwk) throws Unreadable {
		JWEObject object = parse(jwe);
		if (!JWEAlgorithm.ECDH_ES.equals(object.getHeader().getAlgorithm())
				|| !ENC_VALUES.contains(object.getHeader().getEncryptionMethod().getName())) {
			throw new Unreadable("The encrypted response uses ECDH-ES with A128GCM or A256GCM, as the request says.");
		}
		if (object.getHeader().getCompressionAlgorithm() != null) {
			// OpenID4VP answers are never compressed; inflating one could take any amount of memory
			throw new Unreadable("The encrypted response is not compressed (no zip).");
		}
		try {
			object.decrypt(new ECDHDecrypter(ECKey.parse(privateJwk)));
			Map<String, Object> payload = object.getPayload().toJSONObject();
			if (payload == null) {
				throw new Unreadable("The encrypted response holds no JSON object.");
			}
			return payload;
		}
		catch (JOSEException | ParseException | IllegalStateException ex) {
			throw new Unreadable("The encrypted response cannot be decrypted with this request's key.");
		}
	}

	private static JWEObject parse(String jwe) throws Unreadable {
		if (jwe.length() > MAX_LENGTH) {
			throw new Unreadable("The encrypted response is larger than " + MAX_LENGTH + " characters.");
		}
		try {
			return JWEObject.parse(jwe);
		}
		catch (ParseException | RuntimeException ex) {
			// Nimbus fails on some headers with an unchecked exception (a header without enc, for one)
			throw new Unreadable("The response is not a compact JWE.");
		}
	}

}
