package org.tsunagu.wallet;

import java.io.IOException;
import java.security.KeyPair;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * A detached CMS SignedData (RFC 5652) over content, by the card's signing key, carrying the signing certificate
 * and its chain, with the signing time as a signed attribute.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5652#section-5">RFC 5652 section 5</a>
 */
public final class CmsSigner {

	private CmsSigner() {
	}

	private static JcaContentSignerBuilder signer(java.security.Provider provider) {
		JcaContentSignerBuilder builder = new JcaContentSignerBuilder("SHA256withECDSA");
		return provider == null ? builder : builder.setProvider(provider);
	}

	public static byte[] signDetached(byte[] content, KeyPair signingKey, X509Certificate certificate,
			List<X509Certificate> chain) {
		return signDetached(content, signingKey, null, certificate, chain);
	}

	/** The same, signing through {@code provider} (a token's), or the JDK's defaults when it is {@code null}. */
	public static byte[] signDetached(byte[] content, KeyPair signingKey, java.security.Provider provider,
			X509Certificate certificate, List<X509Certificate> chain) {
		try {
			List<X509Certificate> certificates = new ArrayList<>();
			certificates.add(certificate);
			certificates.addAll(chain);
			CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
			generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
				.build(signer(provider).build(signingKey.getPrivate()), certificate));
			generator.addCertificates(new JcaCertStore(certificates));
			return generator.generate(new CMSProcessableByteArray(content), false).getEncoded();
		}
		catch (CMSException | OperatorCreationException | CertificateEncodingException | IOException ex) {
			throw new IllegalStateException("Cannot make the CMS signature", ex);
		}
	}

}
