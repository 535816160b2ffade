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


/**
 * A signing key of the platform's credential services (P-256, in the data directory) with its certificate from
 * the platform's CA: everything it signs carries the key id and the chain in {@code x5c}. The issuer's key signs
 * credentials and status lists and is published in the JWT VC issuer metadata; the verifier's signs its request
 * objects, its certificate naming the host of its {@code x509_san_dns} client id.
 */
public class SealKey {

	private final ECKey key;

	private final SealCertificates certificates;

	private final ThreadLocal<ECDSASigner> signers;

	private volatile List<Base64> x5c;

	private final String commonName;

	public SealKey(TsunaguProperties properties, SealCertificates certificates, String file, String commonName) {
		this.key = SigningKeyFiles.loadOrCreate(properties.dataDir().resolve("keys"), file);
		this.certificates = certificates;
		this.commonName = commonName;
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
			return this.certificates.chain(this.key.toECPublicKey(), this.commonName);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Signs claims as a JWT of type {@code typ}, with the key id and the certificate chain. */
	public String sign(String typ, JWTClaimsSet claims) {
		List<Base64> x5c = this.x5c;
		if (x5c == null) {
			x5c = chain().stream().map(SealKey::der).toList();
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
