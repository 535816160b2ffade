package org.tsunagu.pki.internal;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERGeneralizedTime;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.Attribute;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectDirectoryAttributes;
import org.bouncycastle.asn1.x509.X509ObjectIdentifiers;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.tsunagu.registry.ResidentFacts;

/**
 * The certificate profiles of the hierarchy (RFC 5280): root CA, issuing CA, OCSP responder, and the card's
 * signing and authentication certificates. The signing certificate carries the holder's name in the subject and
 * birth date, sex, country of residence and address in subject directory attributes (RFC 3739 section 3.2.2);
 * the authentication certificate carries only the card id.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5280">RFC 5280</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3739#section-3.2.2">RFC 3739 section 3.2.2</a>
 */
final class CertificateProfiles {

	/** id-pkix-ocsp-nocheck, RFC 6960 section 4.2.2.2.1. */
	static final ASN1ObjectIdentifier OCSP_NOCHECK = new ASN1ObjectIdentifier("1.3.6.1.5.5.7.48.1.5");

	static final ASN1ObjectIdentifier DATE_OF_BIRTH = new ASN1ObjectIdentifier("1.3.6.1.5.5.7.9.1");

	static final ASN1ObjectIdentifier GENDER = new ASN1ObjectIdentifier("1.3.6.1.5.5.7.9.3");

	static final ASN1ObjectIdentifier COUNTRY_OF_RESIDENCE = new ASN1ObjectIdentifier("1.3.6.1.5.5.7.9.5");

	static final ASN1ObjectIdentifier POSTAL_ADDRESS = new ASN1ObjectIdentifier("2.5.4.16");

	private static final SecureRandom RANDOM = new SecureRandom();

	private final JcaX509ExtensionUtils extensions;

	CertificateProfiles() {
		try {
			this.extensions = new JcaX509ExtensionUtils();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A serial number: 127 bits from a CSPRNG, positive, at most 16 octets (CA/B Baseline Requirements 7.1). */
	static BigInteger serial() {
		BigInteger serial;
		do {
			serial = new BigInteger(127, RANDOM);
		}
		while (serial.bitLength() < 64);
		return serial;
	}

	X509Certificate root(X500Name subject, PublicKey key, PrivateKey signer, Provider provider, Instant from,
			Instant to) {
		X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(), Date.from(from),
				Date.from(to), subject, key);
		return build(builder, (b) -> {
			b.addExtension(Extension.basicConstraints, true, new BasicConstraints(1));
			b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
			b.addExtension(Extension.subjectKeyIdentifier, false, this.extensions.createSubjectKeyIdentifier(key));
		}, signatureAlgorithm(key), signer, provider);
	}

	X509Certificate issuingCa(X500Name subject, PublicKey key, X509Certificate root, PrivateKey rootKey,
			Provider provider, Instant from, Instant to, String crlUrl) {
		X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(root, serial(), Date.from(from),
				Date.from(to), subject, key);
		return build(builder, (b) -> {
			b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
			b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
			b.addExtension(Extension.subjectKeyIdentifier, false, this.extensions.createSubjectKeyIdentifier(key));
			b.addExtension(Extension.authorityKeyIdentifier, false, this.extensions.createAuthorityKeyIdentifier(root));
			b.addExtension(Extension.cRLDistributionPoints, false, crlDistributionPoint(crlUrl));
		}, signatureAlgorithm(root.getPublicKey()), rootKey, provider);
	}

	X509Certificate ocspResponder(X500Name subject, PublicKey key, X509Certificate ca, PrivateKey caKey,
			Provider provider, Instant from, Instant to) {
		X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca, serial(), Date.from(from),
				Date.from(to), subject, key);
		return build(builder, (b) -> {
			b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
			b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
			b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_OCSPSigning));
			b.addExtension(OCSP_NOCHECK, false, DERNull.INSTANCE);
			b.addExtension(Extension.subjectKeyIdentifier, false, this.extensions.createSubjectKeyIdentifier(key));
			b.addExtension(Extension.authorityKeyIdentifier, false, this.extensions.createAuthorityKeyIdentifier(ca));
		}, signatureAlgorithm(ca.getPublicKey()), caKey, provider);
	}

	X509Certificate signing(BigInteger serial, ResidentFacts holder, PublicKey key, IssuingCa ca, Instant from,
			Instant to) {
		X500NameBuilder name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, holder.country())
			.addRDN(BCStyle.SURNAME, holder.familyName());
		if (holder.givenName() != null) {
			name.addRDN(BCStyle.GIVENNAME, holder.givenName());
		}
		name.addRDN(BCStyle.CN, holder.fullName());
		X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca.certificate(), serial, Date.from(from),
				Date.from(to), name.build(), key);
		return build(builder, (b) -> {
			endEntity(b, key, ca);
			b.addExtension(Extension.keyUsage, true,
					new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
			b.addExtension(Extension.subjectDirectoryAttributes, false, personalAttributes(holder));
		}, signatureAlgorithm(ca.certificate().getPublicKey()), ca.privateKey(), ca.provider());
	}

	X509Certificate authentication(BigInteger serial, UUID cardId, PublicKey key, IssuingCa ca, Instant from,
			Instant to) {
		X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, "card " + cardId).build();
		X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca.certificate(), serial, Date.from(from),
				Date.from(to), subject, key);
		return build(builder, (b) -> {
			endEntity(b, key, ca);
			b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
			b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
		}, signatureAlgorithm(ca.certificate().getPublicKey()), ca.privateKey(), ca.provider());
	}

	/**
	 * A seal of one of the platform's own services (the credential issuer): the service's public URL as a URI and
	 * its host as a DNS name in the subject alternative names, so that a verifier matches the {@code iss} of what
	 * the key signs to the certificate (SD-JWT VC, section 3.5).
	 */
	X509Certificate seal(String commonName, String url, String host, PublicKey key, IssuingCa ca, Instant from,
			Instant to) {
		X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Tsunagu")
			.addRDN(BCStyle.CN, commonName)
			.build();
		X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca.certificate(), serial(), Date.from(from),
				Date.from(to), subject, key);
		return build(builder, (b) -> {
			endEntity(b, key, ca);
			b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
			b.addExtension(Extension.subjectAlternativeName, false,
					new GeneralNames(new GeneralName[] { new GeneralName(GeneralName.uniformResourceIdentifier, url),
							new GeneralName(GeneralName.dNSName, host) }));
		}, signatureAlgorithm(ca.certificate().getPublicKey()), ca.privateKey(), ca.provider());
	}

	private void endEntity(X509v3CertificateBuilder b, PublicKey key, IssuingCa ca) throws CertIOException {
		b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
		b.addExtension(Extension.subjectKeyIdentifier, false, this.extensions.createSubjectKeyIdentifier(key));
		try {
			b.addExtension(Extension.authorityKeyIdentifier, false,
					this.extensions.createAuthorityKeyIdentifier(ca.certificate()));
		}
		catch (java.security.cert.CertificateEncodingException ex) {
			throw new CertIOException("authority key identifier", ex);
		}
		b.addExtension(Extension.cRLDistributionPoints, false, crlDistributionPoint(ca.crlUrl()));
		b.addExtension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(new AccessDescription[] {
				new AccessDescription(X509ObjectIdentifiers.id_ad_ocsp,
						new GeneralName(GeneralName.uniformResourceIdentifier, ca.ocspUrl())),
				new AccessDescription(X509ObjectIdentifiers.id_ad_caIssuers,
						new GeneralName(GeneralName.uniformResourceIdentifier, ca.issuerUrl())) }));
	}

	private static SubjectDirectoryAttributes personalAttributes(ResidentFacts holder) {
		List<Attribute> attributes = new ArrayList<>();
		attributes.add(new Attribute(DATE_OF_BIRTH,
				new DERSet(new DERGeneralizedTime(holder.birthDate().toString().replace("-", "") + "120000Z"))));
		if ("female".equals(holder.sex()) || "male".equals(holder.sex())) {
			attributes.add(new Attribute(GENDER, new DERSet(new DERPrintableString(holder.sex().equals("female") ? "F" : "M"))));
		}
		attributes.add(new Attribute(COUNTRY_OF_RESIDENCE, new DERSet(new DERPrintableString(holder.country()))));
		ASN1EncodableVector lines = new ASN1EncodableVector();
		lines.add(new DERUTF8String(holder.address()));
		attributes.add(new Attribute(POSTAL_ADDRESS, new DERSet(new DERSequence(lines))));
		java.util.Vector<Attribute> vector = new java.util.Vector<>(attributes);
		return new SubjectDirectoryAttributes(vector);
	}

	private static CRLDistPoint crlDistributionPoint(String url) {
		DistributionPointName name = new DistributionPointName(
				new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, url)));
		return new CRLDistPoint(new DistributionPoint[] { new DistributionPoint(name, null, null) });
	}

	static String signatureAlgorithm(PublicKey signerKey) {
		if (signerKey instanceof ECPublicKey ec && ec.getParams().getCurve().getField().getFieldSize() > 256) {
			return "SHA384withECDSA";
		}
		return "SHA256withECDSA";
	}

	private static X509Certificate build(X509v3CertificateBuilder builder, Extensions extensions, String algorithm,
			PrivateKey signer, Provider provider) {
		try {
			extensions.add(builder);
			return new JcaX509CertificateConverter()
				.getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).setProvider(provider).build(signer)));
		}
		catch (CertIOException | OperatorCreationException | GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot build a certificate", ex);
		}
	}

	@FunctionalInterface
	private interface Extensions {

		void add(X509v3CertificateBuilder builder) throws CertIOException, GeneralSecurityException;

	}

}
