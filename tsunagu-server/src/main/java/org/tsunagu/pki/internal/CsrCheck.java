package org.tsunagu.pki.internal;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Set;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.tsunagu.platform.CryptoProviders;
import org.tsunagu.platform.Violations;

/**
 * Parses a PKCS#10 certificate request and checks what the CA needs before it signs anything: the request's own
 * signature (proof of possession of the private key), and an acceptable key (EC P-256 or P-384; RSA of 2048 to
 * 4096 bits in the {@code jp} profile). The key and the signature algorithm are checked as they are written in the
 * request before any provider builds or verifies anything, so a hostile key (explicit curve parameters, a huge
 * modulus or exponent) or an unexpected algorithm never reaches one. Only the public key is used from the
 * request; its subject is ignored, the CA writes its own.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2986">RFC 2986</a>
 */
final class CsrCheck {

	static final int MAX_BYTES = 8 * 1024;

	private static final String MALFORMED = "The certificate request is not a well-formed PKCS#10 structure.";

	static final int MIN_RSA_BITS = 2048;

	/** Larger keys buy no security here and cost the verifier time that anyone submitting a request could spend. */
	static final int MAX_RSA_BITS = 4096;

	private static final Set<ASN1ObjectIdentifier> CURVES = Set.of(SECObjectIdentifiers.secp256r1,
			SECObjectIdentifiers.secp384r1);

	/** The request's own signature: ECDSA or RSA (PKCS#1 v1.5 or PSS) with SHA-2, and nothing else. */
	private static final Set<ASN1ObjectIdentifier> SIGNATURES = Set.of(X9ObjectIdentifiers.ecdsa_with_SHA256,
			X9ObjectIdentifiers.ecdsa_with_SHA384, X9ObjectIdentifiers.ecdsa_with_SHA512,
			PKCSObjectIdentifiers.sha256WithRSAEncryption, PKCSObjectIdentifiers.sha384WithRSAEncryption,
			PKCSObjectIdentifiers.sha512WithRSAEncryption, PKCSObjectIdentifiers.id_RSASSA_PSS);

	private CsrCheck() {
	}

	/** The checked public key, or {@code null} with the reason added to {@code v} at {@code pointer}. */
	static CheckedKey check(String text, String pointer, Violations v) {
		byte[] der = der(text, pointer, v);
		if (der == null) {
			return null;
		}
		PKCS10CertificationRequest csr;
		try {
			csr = new PKCS10CertificationRequest(der);
		}
		catch (Exception ex) {
			// any failure of a hostile DER structure is a bad request, whatever the parser throws
			v.add(pointer, MALFORMED);
			return null;
		}
		// what the key and the signature are is read from the structure and checked first: only an accepted key is
		// handed to a provider to build, and only an accepted algorithm to verify
		String weakness = weakness(csr.getSubjectPublicKeyInfo());
		if (weakness == null && !SIGNATURES.contains(csr.getSignatureAlgorithm().getAlgorithm())) {
			weakness = "The certificate request is signed with an algorithm that is not accepted: use ECDSA or RSA with SHA-2.";
		}
		if (weakness != null) {
			v.add(pointer, weakness);
			return null;
		}
		PublicKey key = possessed(csr, pointer, v);
		return key == null ? null : new CheckedKey(key, sha256(csr.getSubjectPublicKeyInfo()));
	}

	private static byte[] der(String text, String pointer, Violations v) {
		if (text == null || text.isBlank()) {
			v.add(pointer, "A PKCS#10 certificate request is required (PEM or base64 DER).");
			return null;
		}
		if (text.length() > MAX_BYTES * 2) {
			v.add(pointer, "The certificate request is larger than 8 KiB.");
			return null;
		}
		byte[] der;
		try {
			der = Base64.getMimeDecoder().decode(text.replaceAll("-----(BEGIN|END) [A-Z ]+-----", ""));
		}
		catch (IllegalArgumentException ex) {
			v.add(pointer, "The certificate request is neither PEM nor base64 DER.");
			return null;
		}
		if (der.length == 0 || der.length > MAX_BYTES) {
			v.add(pointer, "The certificate request is empty or larger than 8 KiB.");
			return null;
		}
		return der;
	}

	/** The request's key, when its signature proves possession of it; else {@code null} with the reason. */
	private static PublicKey possessed(PKCS10CertificationRequest csr, String pointer, Violations v) {
		PublicKey key;
		try {
			key = new JcaPEMKeyConverter().getPublicKey(csr.getSubjectPublicKeyInfo());
		}
		catch (Exception ex) {
			v.add(pointer, MALFORMED);
			return null;
		}
		try {
			JcaContentVerifierProviderBuilder verifiers = new JcaContentVerifierProviderBuilder();
			if (key.getAlgorithm().equals("EC")) {
				verifiers.setProvider(CryptoProviders.ecdsa());
			}
			if (!csr.isSignatureValid(verifiers.build(key))) {
				v.add(pointer, "The certificate request's signature is wrong: it does not prove possession of the key.");
				return null;
			}
		}
		catch (Exception ex) {
			v.add(pointer, "The certificate request's signature cannot be checked.");
			return null;
		}
		return key;
	}

	private static String weakness(SubjectPublicKeyInfo info) {
		ASN1ObjectIdentifier algorithm = info.getAlgorithm().getAlgorithm();
		if (algorithm.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
			if (!(info.getAlgorithm().getParameters() instanceof ASN1ObjectIdentifier curve) || !CURVES.contains(curve)) {
				return "The key's curve is not accepted: use P-256 or P-384.";
			}
			return null;
		}
		if (algorithm.equals(PKCSObjectIdentifiers.rsaEncryption)) {
			RSAPublicKey rsa;
			try {
				rsa = RSAPublicKey.getInstance(info.parsePublicKey());
			}
			catch (Exception ex) {
				return "The RSA key is not a well-formed RSAPublicKey.";
			}
			int bits = rsa.getModulus().bitLength();
			if (bits < MIN_RSA_BITS || bits > MAX_RSA_BITS) {
				return "RSA keys have at least " + MIN_RSA_BITS + " and at most " + MAX_RSA_BITS + " bits.";
			}
			BigInteger e = rsa.getPublicExponent();
			// FIPS 186-5 section A.1.1: an odd exponent above 2^16 and below 2^256
			if (!e.testBit(0) || e.bitLength() <= 16 || e.bitLength() > 256) {
				return "The RSA key's public exponent is odd, above 2^16 and below 2^256 (65537 is usual).";
			}
			return null;
		}
		return "The key type is not accepted: use EC P-256 (or P-384, or RSA of 2048 to 4096 bits).";
	}

	private static byte[] sha256(SubjectPublicKeyInfo info) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(info.getEncoded());
		}
		catch (GeneralSecurityException | java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A public key whose holder proved possession, and the SHA-256 of its SubjectPublicKeyInfo. */
	record CheckedKey(PublicKey key, byte[] hash) {
	}

}
