package org.tsunagu.wallet;

import java.io.IOException;
import java.security.KeyPair;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * PKCS#10 requests signed with the card's own keys: the signature proves to the CA that the card holds the key.
 * The subject says nothing; the CA writes its own.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2986">RFC 2986</a>
 */
public final class Csrs {

	private Csrs() {
	}

	public static String pem(KeyPair pair) {
		return pem(pair, null);
	}

	/** A request signed through {@code provider} (a token's), or the JDK's defaults when it is {@code null}. */
	public static String pem(KeyPair pair, java.security.Provider provider) {
		try {
			JcaContentSignerBuilder signer = new JcaContentSignerBuilder("SHA256withECDSA");
			if (provider != null) {
				signer.setProvider(provider);
			}
			byte[] der = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=Tsunagu software card"), pair.getPublic())
				.build(signer.build(pair.getPrivate()))
				.getEncoded();
			return Pem.encode("CERTIFICATE REQUEST", der);
		}
		catch (OperatorCreationException | IOException ex) {
			throw new IllegalStateException("Cannot sign the certificate request", ex);
		}
	}

}
