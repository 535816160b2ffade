package org.tsunagu.pki.internal;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.Set;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
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
 * signature (proof of possession of the private key), and an acceptable key (EC P-256 or P-384; RSA of at least
 * 2048 bits in the {@code jp} profile). Only the public key is used from the request; its subject is ignored,
 * the CA writes its own.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2986">RFC 2986</a>
 */
final class CsrCheck {

	static final int MAX_BYTES = 8 * 1024;

	private static final Set<ASN1ObjectIdentifier> CURVES = Set.of(SECObjectIdentifiers.secp256r1,
			SECObjectIdentifiers.secp384r1);

	private CsrCheck() {
	}

	/** The checked public key, or {@code null} with the reason added to {@code v} at {@code pointer}. */
	static CheckedKey check(String text, String pointer, Violations v) {
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
		PKCS10CertificationRequest csr;
		PublicKey key;
		try {
			csr = new PKCS10CertificationRequest(der);
			key = new JcaPEMKeyConverter().getPublicKey(csr.getSubjectPublicKeyInfo());
		}
		catch (Exception ex) {
			// any failure of a hostile DER structure is a bad request, whatever the parser throws
			v.add(pointer, "The certificate request is not a well-formed PKCS#10 structure.");
			return null;
		}
		String weakness = weakness(csr.getSubjectPublicKeyInfo(), key);
		if (weakness != null) {
			v.add(pointer, weakness);
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
		return new CheckedKey(key, sha256(csr.getSubjectPublicKeyInfo()));
	}

	private static String weakness(SubjectPublicKeyInfo info, PublicKey key) {
		ASN1ObjectIdentifier algorithm = info.getAlgorithm().getAlgorithm();
		if (algorithm.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
			if (!(info.getAlgorithm().getParameters() instanceof ASN1ObjectIdentifier curve) || !CURVES.contains(curve)) {
				return "The key's curve is not accepted: use P-256 or P-384.";
			}
			return null;
		}
		if (key instanceof RSAPublicKey rsa) {
			return rsa.getModulus().bitLength() < 2048 ? "RSA keys need at least 2048 bits." : null;
		}
		return "The key type is not accepted: use EC P-256 (or P-384, or RSA-2048 and up).";
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
