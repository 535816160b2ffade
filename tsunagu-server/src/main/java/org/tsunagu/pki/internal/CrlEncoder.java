package org.tsunagu.pki.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;

/**
 * Writes a CRL's DER directly (RFC 5280 section 5.1), entry by entry into one buffer: for a million revoked
 * certificates a general-purpose ASN.1 builder makes tens of millions of objects, this makes none per entry.
 * The small, fixed parts (issuer name, algorithm identifier, extensions) are encoded by Bouncy Castle.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5280#section-5.1">RFC 5280 section 5.1</a>
 */
final class CrlEncoder {

	private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

	private static final DateTimeFormatter GENERALIZED_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'")
		.withZone(ZoneOffset.UTC);

	private static final byte[][] REASON_EXTENSIONS = new byte[11][];

	static {
		for (int reason = 0; reason < REASON_EXTENSIONS.length; reason++) {
			try {
				REASON_EXTENSIONS[reason] = new Extensions(new Extension(Extension.reasonCode, false,
						new DEROctetString(new ASN1Enumerated(reason)))).getEncoded();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}

	private final ByteArrayOutputStream entries = new ByteArrayOutputStream(1 << 20);

	/** Adds one revoked certificate: its serial, when it was revoked, and the RFC 5280 reason code. */
	void add(BigInteger serial, Instant revokedAt, int reason) {
		byte[] serialBytes = serial.toByteArray();
		byte[] time = time(revokedAt);
		// RFC 5280 section 5.3.1: the unspecified reason (0) is left out rather than written
		byte[] extensions = reason == 0 ? new byte[0] : REASON_EXTENSIONS[reason];
		int content = 2 + serialBytes.length + time.length + extensions.length;
		writeHeader(this.entries, 0x30, content);
		writeHeader(this.entries, 0x02, serialBytes.length);
		this.entries.writeBytes(serialBytes);
		this.entries.writeBytes(time);
		this.entries.writeBytes(extensions);
	}

	/** The signed CRL. */
	byte[] sign(byte[] issuerName, Instant thisUpdate, Instant nextUpdate, Extensions crlExtensions, String algorithm,
			PrivateKey key, Provider provider) {
		try {
			byte[] algorithmId = new DefaultSignatureAlgorithmIdentifierFinder().find(algorithm).getEncoded();
			ByteArrayOutputStream tbs = new ByteArrayOutputStream(this.entries.size() + 1024);
			ByteArrayOutputStream body = new ByteArrayOutputStream(this.entries.size() + 1024);
			body.writeBytes(new byte[] { 0x02, 0x01, 0x01 });
			body.writeBytes(algorithmId);
			body.writeBytes(issuerName);
			body.writeBytes(time(thisUpdate));
			body.writeBytes(time(nextUpdate));
			if (this.entries.size() > 0) {
				writeHeader(body, 0x30, this.entries.size());
				this.entries.writeTo(body);
			}
			byte[] extensions = crlExtensions.getEncoded();
			writeHeader(body, 0xA0, extensions.length);
			body.writeBytes(extensions);
			writeHeader(tbs, 0x30, body.size());
			body.writeTo(tbs);
			byte[] tbsBytes = tbs.toByteArray();
			Signature signature = Signature.getInstance(algorithm, provider);
			signature.initSign(key);
			signature.update(tbsBytes);
			byte[] signed = signature.sign();
			ByteArrayOutputStream out = new ByteArrayOutputStream(tbsBytes.length + 256);
			writeHeader(out, 0x30, tbsBytes.length + algorithmId.length + headerLength(signed.length + 1) + signed.length + 1);
			out.writeBytes(tbsBytes);
			out.writeBytes(algorithmId);
			writeHeader(out, 0x03, signed.length + 1);
			out.write(0);
			out.writeBytes(signed);
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot sign the CRL", ex);
		}
	}

	/** UTCTime through 2049, GeneralizedTime from 2050 (RFC 5280 section 5.1.2.4). */
	private static byte[] time(Instant instant) {
		boolean utc = instant.atOffset(ZoneOffset.UTC).getYear() < 2050;
		byte[] text = (utc ? UTC_TIME : GENERALIZED_TIME).format(instant).getBytes(StandardCharsets.US_ASCII);
		byte[] out = new byte[2 + text.length];
		out[0] = (byte) (utc ? 0x17 : 0x18);
		out[1] = (byte) text.length;
		System.arraycopy(text, 0, out, 2, text.length);
		return out;
	}

	private static void writeHeader(ByteArrayOutputStream out, int tag, int length) {
		out.write(tag);
		if (length < 0x80) {
			out.write(length);
			return;
		}
		int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
		out.write(0x80 | bytes);
		for (int i = bytes - 1; i >= 0; i--) {
			out.write(length >>> (8 * i));
		}
	}

	private static int headerLength(int length) {
		return length < 0x80 ? 2 : 2 + (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
	}


}
