package org.tsunagu.pki;

import java.util.UUID;

/**
 * Proof that whoever holds a card's authentication key took part: the signature over a challenge is checked with
 * the card's authentication certificate, whose chain, validity and status (asked of this platform's own OCSP
 * responder) must all hold, and whose card must be active. The answer says whose card it was, never more.
 */
public interface CardAuthentication {

	/**
	 * Checks a signature made with a card's authentication key.
	 * @param certificateDer the authentication certificate, DER
	 * @param signedData the exact bytes the card signed
	 * @param signature the signature (ECDSA in DER, RSA PKCS#1 v1.5 or Ed25519, by the key's type)
	 * @return whose card signed
	 * @throws Refused when anything does not hold; the reason is safe to show to the card holder
	 */
	default Authenticated verify(byte[] certificateDer, byte[] signedData, byte[] signature) {
		return verify(certificateDer, signedData, signature, java.time.Duration.ZERO);
	}

	/**
	 * As {@link #verify(byte[], byte[], byte[])}, but a certificate that expired less than {@code graceAfterExpiry}
	 * ago still counts (its card must still be active and its certificate not revoked); the answer says so.
	 * Japan lets an eligibility check use an authentication certificate up to three months after it expired.
	 */
	Authenticated verify(byte[] certificateDer, byte[] signedData, byte[] signature, java.time.Duration graceAfterExpiry);

	/**
	 * An ES256 signature as JOSE writes it (RFC 7518 section 3.4: R then S, 32 octets each, 64 in all) in the DER
	 * {@link #verify} takes. Any other length is refused, not read in part: a signature with bytes added or cut
	 * is not the one the card made.
	 * @throws Refused when the signature is not 64 octets
	 */
	static byte[] es256(byte[] joseSignature) {
		if (joseSignature == null || joseSignature.length != 64) {
			throw new Refused("bad_signature", "The signature is not an ES256 signature (64 octets).");
		}
		try {
			return new org.bouncycastle.asn1.DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {
					new org.bouncycastle.asn1.ASN1Integer(new java.math.BigInteger(1, java.util.Arrays.copyOf(joseSignature, 32))),
					new org.bouncycastle.asn1.ASN1Integer(
							new java.math.BigInteger(1, java.util.Arrays.copyOfRange(joseSignature, 32, 64))) })
				.getEncoded("DER");
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A card that proved possession of its authentication key.
	 * @param expiredAt when its certificate expired, if it did (accepted within a grace period), else {@code null}
	 */
	record Authenticated(UUID residentId, UUID cardId, String certificateSerial, java.time.Instant expiredAt) {
	}

	/** Why a card sign-in was refused: {@code reason} is a stable code, {@code message} plain words. */
	final class Refused extends RuntimeException {

		private final String reason;

		private final java.util.UUID residentId;

		public Refused(String reason, String message) {
			this(reason, message, null);
		}

		/** A refusal of a certificate the CA issued: whose card it is, for the holder's own record of the attempt. */
		public Refused(String reason, String message, java.util.UUID residentId) {
			super(message, null, false, false);
			this.reason = reason;
			this.residentId = residentId;
		}

		public String reason() {
			return this.reason;
		}

		/** The card holder, when the certificate is one the CA issued; {@code null} otherwise. */
		public java.util.UUID residentId() {
			return this.residentId;
		}

	}

}
