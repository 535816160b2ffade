package org.tsunagu.pki;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Date;

import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.IssuerAndSerialNumber;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.cms.SignerIdentifier;
import org.bouncycastle.asn1.cms.SignerInfo;
import org.bouncycastle.asn1.misc.MiscObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.asn1.pkcs.CertificationRequestInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;

/**
 * Hostile ASN.1 as the Bouncy Castle advisories describe it, for tests: composite signatures with nothing in
 * them, explicit binary-field curves, RSA keys of any size, deep nesting, huge object identifiers, and CMS
 * signatures that put any key or algorithm next to any certificate.
 */
public final class HostileAsn1 {

	/** The draft composite signature algorithm that Bouncy Castle before 1.84 verified as "all of none" (CVE-2026-5588). */
	public static final ASN1ObjectIdentifier COMPOSITE = MiscObjectIdentifiers.id_alg_composite;

	private static final SecureRandom RANDOM = new SecureRandom();

	private HostileAsn1() {
	}

	/** A PKCS#10 request for {@code key} whose signature is a composite of no signatures: an empty SEQUENCE. */
	public static PKCS10CertificationRequest compositeCsr(PublicKey key) throws IOException {
		CertificationRequestInfo info = new CertificationRequestInfo(new X500Name("CN=wallet"),
				SubjectPublicKeyInfo.getInstance(key.getEncoded()), null);
		return new PKCS10CertificationRequest(new CertificationRequest(info,
				new AlgorithmIdentifier(COMPOSITE, new DERSequence()), new DERBitString(new DERSequence().getEncoded())));
	}

	/** A request for any subject key, signed (correctly) by {@code signer}. */
	public static PKCS10CertificationRequest csr(SubjectPublicKeyInfo subject, KeyPair signer) throws Exception {
		return new PKCS10CertificationRequestBuilder(new X500Name("CN=wallet"), subject).build(signerOf(signer));
	}

	/** An EC key on a binary field given by explicit parameters, with m = 2^31 - 1 (CVE-2024-29857). */
	public static SubjectPublicKeyInfo binaryFieldKey() {
		ASN1EncodableVector field = new ASN1EncodableVector();
		field.add(X9ObjectIdentifiers.characteristic_two_field);
		field.add(new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] { new ASN1Integer(Integer.MAX_VALUE),
				X9ObjectIdentifiers.tpBasis, new ASN1Integer(1) }));
		ASN1EncodableVector curve = new ASN1EncodableVector();
		curve.add(new DEROctetString(new byte[] { 1 }));
		curve.add(new DEROctetString(new byte[] { 1 }));
		ASN1EncodableVector parameters = new ASN1EncodableVector();
		parameters.add(new ASN1Integer(1));
		parameters.add(new DERSequence(field));
		parameters.add(new DERSequence(curve));
		parameters.add(new DEROctetString(new byte[] { 4, 1, 1 }));
		parameters.add(new ASN1Integer(BigInteger.TWO.pow(4096).add(BigInteger.ONE)));
		return new SubjectPublicKeyInfo(
				new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, new DERSequence(parameters)), new byte[] { 4, 1, 1 });
	}

	/** An RSA public key with a random odd modulus of {@code bits} and the given exponent; no one holds its private key. */
	public static SubjectPublicKeyInfo rsaKey(int bits, BigInteger exponent) throws IOException {
		BigInteger modulus = new BigInteger(bits, RANDOM).setBit(bits - 1).setBit(0);
		return new SubjectPublicKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption,
				org.bouncycastle.asn1.DERNull.INSTANCE), new RSAPublicKey(modulus, exponent));
	}

	/** {@code depth} SEQUENCEs of indefinite length, each inside the last, then their end-of-contents (CVE-2026-13506). */
	public static byte[] nestedSequences(int depth) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(depth * 4);
		for (int i = 0; i < depth; i++) {
			out.write(0x30);
			out.write(0x80);
		}
		for (int i = 0; i < depth; i++) {
			out.write(0);
			out.write(0);
		}
		return out.toByteArray();
	}

	/** An OBJECT IDENTIFIER of {@code length} content octets: one arc that never ends until the last octet (CVE-2025-8885). */
	public static byte[] hugeOid(int length) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(length + 8);
		out.write(0x06);
		out.write(0x82);
		out.write(length >> 8);
		out.write(length & 0xFF);
		out.write(0x2A);
		for (int i = 1; i < length - 1; i++) {
			out.write(0xFF);
		}
		out.write(0x7F);
		return out.toByteArray();
	}

	/** One DER element: {@code tag}, a definite length, and the contents given one after another. */
	public static byte[] tlv(int tag, byte[]... contents) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		for (byte[] content : contents) {
			body.writeBytes(content);
		}
		int length = body.size();
		ByteArrayOutputStream out = new ByteArrayOutputStream(length + 6);
		out.write(tag);
		if (length < 128) {
			out.write(length);
		}
		else {
			byte[] octets = BigInteger.valueOf(length).toByteArray();
			int skip = octets[0] == 0 ? 1 : 0;
			out.write(0x80 | (octets.length - skip));
			out.write(octets, skip, octets.length - skip);
		}
		out.writeBytes(body.toByteArray());
		return out.toByteArray();
	}

	/** A certificate for any subject key, signed by a key of the test's own (so no CA of this platform's). */
	public static X509CertificateHolder certificate(SubjectPublicKeyInfo subject, KeyPair issuer) throws Exception {
		Date now = new Date();
		return new X509v3CertificateBuilder(new X500Name("CN=not a card"), new BigInteger(64, RANDOM).add(BigInteger.ONE),
				new Date(now.getTime() - 60_000), new Date(now.getTime() + 3_600_000), new X500Name("CN=not a card"), subject)
			.build(signerOf(issuer));
	}

	/**
	 * A detached CMS SignedData with one signer, the given certificate, and a signature value that is whatever the
	 * test says it is, under whatever algorithm: no signed attributes, SHA-256 digest.
	 */
	public static byte[] cms(X509CertificateHolder certificate, AlgorithmIdentifier signatureAlgorithm, byte[] signature)
			throws IOException {
		AlgorithmIdentifier sha256 = new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256);
		SignerInfo signer = new SignerInfo(new SignerIdentifier(new IssuerAndSerialNumber(certificate.toASN1Structure())),
				sha256, (org.bouncycastle.asn1.ASN1Set) null, signatureAlgorithm, new DEROctetString(signature), null);
		SignedData data = new SignedData(new DERSet(sha256), new ContentInfo(CMSObjectIdentifiers.data, null),
				new DERSet(certificate.toASN1Structure()), null, new DERSet(signer));
		return new ContentInfo(CMSObjectIdentifiers.signedData, data).getEncoded("DER");
	}

	/** The composite algorithm with an empty list of component algorithms. */
	public static AlgorithmIdentifier emptyComposite() {
		return new AlgorithmIdentifier(COMPOSITE, new DERSequence());
	}

	/** An empty SEQUENCE, as a composite signature holding no signatures. */
	public static byte[] emptySequence() throws IOException {
		return new DERSequence().getEncoded();
	}

	private static ContentSigner signerOf(KeyPair pair) throws Exception {
		String algorithm = pair.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
		return new JcaContentSignerBuilder(algorithm).build(pair.getPrivate());
	}

}
