package org.tsunagu.credentials.issuer;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.tsunagu.pki.SealCertificates;
import org.tsunagu.platform.CryptoProviders;
import org.tsunagu.platform.SigningKeyFiles;
import org.tsunagu.platform.TsunaguProperties;

import org.springframework.stereotype.Component;

/**
 * The credential issuer's signing key (P-256, in the data directory) and its certificate from the platform's CA:
 * every credential and status list it signs carries the key id and the chain in {@code x5c}, and the key is
 * published in the JWT VC issuer metadata.
 */
@Component
public class IssuerKey {

	private final ECKey key;

	private final SealCertificates certificates;

	private final ThreadLocal<ECDSASigner> signers;

	private volatile List<Base64> x5c;

	IssuerKey(TsunaguProperties properties, SealCertificates certificates) {
		this.key = SigningKeyFiles.loadOrCreate(properties.dataDir().resolve("keys"), "credential-issuer-key");
		this.certificates = certificates;
		this.signers = ThreadLocal.withInitial(() -> {
			try {
				ECDSASigner signer = new ECDSASigner(this.key);
				signer.getJCAContext().setProvider(CryptoProviders.ecdsa());
				return signer;
			}
			catch (JOSEException ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

	/** The public key set, as the JWT VC issuer metadata publishes it. */
	public Map<String, Object> publicKeys() {
		return new JWKSet(this.key.toPublicJWK()).toJSONObject(true);
	}

	/** The public key. */
	public ECKey publicKey() {
		return this.key.toPublicJWK();
	}

	/** The chain in {@code x5c}: the issuer's certificate, then the issuing CA's. */
	public List<X509Certificate> chain() {
		try {
			return this.certificates.chain(this.key.toECPublicKey(), "Tsunagu credential issuer");
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Signs claims as a JWT of type {@code typ}, with the key id and the certificate chain. */
	public String sign(String typ, JWTClaimsSet claims) {
		List<Base64> x5c = this.x5c;
		if (x5c == null) {
			x5c = chain().stream().map(IssuerKey::der).toList();
			this.x5c = x5c;
		}
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType(typ))
			.keyID(this.key.getKeyID())
			.x509CertChain(x5c)
			.build(), claims);
		try {
			jwt.sign(this.signers.get());
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("The credential issuer's key cannot sign", ex);
		}
		return jwt.serialize();
	}

	private static Base64 der(X509Certificate certificate) {
		try {
			return Base64.encode(certificate.getEncoded());
		}
		catch (CertificateEncodingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
