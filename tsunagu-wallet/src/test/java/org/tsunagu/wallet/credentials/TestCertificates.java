package org.tsunagu.wallet.credentials;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.util.Base64;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** P-256 keys and certificates for tests: a CA, and services under it named by DNS names. */
final class TestCertificates {

	private TestCertificates() {
	}

	/** A key and its certificate. */
	record Issued(KeyPair key, X509Certificate certificate) {

		Base64 der() {
			try {
				return Base64.encode(this.certificate.getEncoded());
			}
			catch (java.security.cert.CertificateEncodingException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

	static KeyPair key() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			return generator.generateKeyPair();
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A self-signed root CA, valid from a day ago for a year. */
	static Issued ca(String name) {
		KeyPair key = key();
		return new Issued(key, build(name, key, name, key, true, List.of()));
	}

	/** A service's certificate under {@code ca}, naming {@code dnsNames}. */
	static Issued service(Issued ca, String name, String... dnsNames) {
		KeyPair key = key();
		return new Issued(key, build(name, key, ca.certificate().getSubjectX500Principal().getName(), ca.key(), false, List.of(dnsNames)));
	}

	private static X500Name dn(String name) {
		return new X500Name(name.startsWith("CN=") ? name : "CN=" + name);
	}

	private static X509Certificate build(String subject, KeyPair key, String issuer, KeyPair issuerKey, boolean ca,
			List<String> dnsNames) {
		try {
			Instant now = Instant.now();
			JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(dn(issuer),
					BigInteger.valueOf(now.toEpochMilli()).add(BigInteger.valueOf(System.nanoTime() & 0xffff)),
					Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(365))),
					dn(subject), key.getPublic());
			builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
			builder.addExtension(Extension.keyUsage, true,
					new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature));
			if (!dnsNames.isEmpty()) {
				builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(
						dnsNames.stream().map((n) -> new GeneralName(GeneralName.dNSName, n)).toArray(GeneralName[]::new)));
			}
			return new JcaX509CertificateConverter()
				.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate())));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
