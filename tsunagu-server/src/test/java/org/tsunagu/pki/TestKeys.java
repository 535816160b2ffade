package org.tsunagu.pki;

import java.io.IOException;
import java.io.StringWriter;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** Key pairs and PKCS#10 requests for tests, as a wallet would make them. */
public final class TestKeys {

	private TestKeys() {
	}

	public static KeyPair ec(String curve) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec(curve));
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static KeyPair rsa(int bits) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(bits);
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static PKCS10CertificationRequest csr(KeyPair pair) {
		return csr(pair, pair);
	}

	/** A request for {@code subjectKey}'s public key, signed with {@code signerKey}'s private key. */
	public static PKCS10CertificationRequest csr(KeyPair subjectKey, KeyPair signerKey) {
		String algorithm = signerKey.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
		try {
			return new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=wallet"), subjectKey.getPublic())
				.build(new JcaContentSignerBuilder(algorithm).build(signerKey.getPrivate()));
		}
		catch (OperatorCreationException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static String pem(Object object) {
		StringWriter out = new StringWriter();
		try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
			writer.writeObject(object);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return out.toString();
	}

	/** A JSON body with two fresh P-256 requests. */
	public static String cardRequest() {
		return cardRequest(csr(ec("secp256r1")), csr(ec("secp256r1")));
	}

	public static String cardRequest(PKCS10CertificationRequest auth, PKCS10CertificationRequest sign) {
		return "{\"authenticationCsr\":" + json(pem(auth)) + (sign == null ? "" : ",\"signingCsr\":" + json(pem(sign)))
				+ "}";
	}

	static String json(String text) {
		return "\"" + text.replace("\n", "\\n") + "\"";
	}

}
