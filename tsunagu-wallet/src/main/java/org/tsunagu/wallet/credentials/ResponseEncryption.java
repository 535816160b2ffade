package org.tsunagu.wallet.credentials;

import java.text.ParseException;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDHEncrypter;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import org.tsunagu.wallet.WalletException;
import tools.jackson.databind.JsonNode;

/**
 * How an answer to a {@code direct_post.jwt} request is encrypted (OpenID4VP 1.0 section 8.3): to the verifier's
 * P-256 key in the request's {@code client_metadata.jwks} with {@code ECDH-ES}, and the first {@code enc} the
 * verifier lists that this wallet supports (A128GCM when it lists none).
 *
 * @param key the verifier's public key for this request
 * @see <a href="https://openid.net/specs/openid-4-verifiable-presentations-1_0.html#section-8.3">OpenID4VP 1.0
 *     section 8.3</a>
 */
record ResponseEncryption(ECKey key, EncryptionMethod enc) {

	private static final List<EncryptionMethod> SUPPORTED = List.of(EncryptionMethod.A128GCM, EncryptionMethod.A256GCM);

	/** The encryption a request's client metadata asks for; its keys and algorithms checked. */
	static ResponseEncryption of(JsonNode clientMetadata) {
		JsonNode keys = clientMetadata.path("jwks").path("keys");
		ECKey chosen = null;
		for (JsonNode jwk : keys) {
			try {
				JWK parsed = JWK.parse(Wire.JSON.writeValueAsString(jwk));
				if (parsed instanceof ECKey ec && Curve.P_256.equals(ec.getCurve()) && !ec.isPrivate()
						&& (ec.getKeyUse() == null || KeyUse.ENCRYPTION.equals(ec.getKeyUse()))
						&& (ec.getAlgorithm() == null || JWEAlgorithm.ECDH_ES.equals(ec.getAlgorithm()))) {
					chosen = ec;
					break;
				}
			}
			catch (ParseException ex) {
				// a key this wallet cannot read is not one it encrypts to; another may be
			}
		}
		if (chosen == null) {
			throw new WalletException("The request asks for an encrypted answer but names no P-256 ECDH-ES key to encrypt to.");
		}
		JsonNode listed = clientMetadata.path("encrypted_response_enc_values_supported");
		if (!listed.isArray() || listed.isEmpty()) {
			return new ResponseEncryption(chosen, EncryptionMethod.A128GCM);
		}
		for (JsonNode value : listed) {
			for (EncryptionMethod method : SUPPORTED) {
				if (method.getName().equals(value.asString(""))) {
					return new ResponseEncryption(chosen, method);
				}
			}
		}
		throw new WalletException("The request asks for an encryption this wallet does not do (it does A128GCM and A256GCM).");
	}

	/** The JWE of the response's parameters. */
	String encrypt(Map<String, Object> parameters) {
		JWEHeader.Builder header = new JWEHeader.Builder(JWEAlgorithm.ECDH_ES, this.enc);
		if (this.key.getKeyID() != null) {
			header.keyID(this.key.getKeyID());
		}
		JWEObject jwe = new JWEObject(header.build(), new Payload(parameters));
		try {
			jwe.encrypt(new ECDHEncrypter(this.key));
		}
		catch (JOSEException ex) {
			throw new WalletException("The answer could not be encrypted to the verifier's key.");
		}
		return jwe.serialize();
	}

}
