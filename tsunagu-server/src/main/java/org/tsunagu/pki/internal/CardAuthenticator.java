package org.tsunagu.pki.internal;

import java.io.ByteArrayInputStream;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;

import org.tsunagu.pki.CardAuthentication;

import org.springframework.stereotype.Service;

/**
 * Checks a card's authentication signature: chain to this platform's root, the certificate's purpose and validity,
 * its status as this platform's OCSP responder answers it, the card's state, and the signature itself. The status
 * is read from the row the responder reads, in the same query as the card's holder, so a suspension stops
 * sign-ins the moment it commits.
 */
@Service
final class CardAuthenticator implements CardAuthentication {

	private final CaDirectory directory;

	private final JdbcCards cards;

	private final Clock clock;

	CardAuthenticator(CaDirectory directory, JdbcCards cards, Clock clock) {
		this.directory = directory;
		this.cards = cards;
		this.clock = clock;
	}

	@Override
	public Authenticated verify(byte[] certificateDer, byte[] signedData, byte[] signature, java.time.Duration graceAfterExpiry) {
		X509Certificate certificate = parse(certificateDer);
		IssuingCa ca = this.directory.issuing();
		try {
			// the issuing CA's own certificate was checked against the root when the directory loaded it
			certificate.verify(ca.certificate().getPublicKey());
		}
		catch (Exception ex) {
			throw new Refused("untrusted_certificate", "The certificate was not issued by this platform's CA.");
		}
		Instant now = this.clock.instant();
		Instant notAfter = certificate.getNotAfter().toInstant();
		if (now.isBefore(certificate.getNotBefore().toInstant()) || now.isAfter(notAfter.plus(graceAfterExpiry))) {
			throw new Refused("certificate_expired", "The card's authentication certificate is not valid now.");
		}
		Instant expiredAt = now.isAfter(notAfter) ? notAfter : null;
		String serial = JdbcCards.hex(certificate.getSerialNumber());
		JdbcCards.Holder holder = this.cards.holder(ca.name(), serial)
			.orElseThrow(() -> new Refused("unknown_certificate", "The certificate is unknown to the CA."));
		if (!"authentication".equals(holder.kind())) {
			throw new Refused("wrong_certificate", "This is the card's signing certificate; sign in with the authentication certificate.");
		}
		// the signature first: a refusal that names the card's holder is one the card itself took part in
		if (!signatureHolds(certificate.getPublicKey(), signedData, signature)) {
			throw new Refused("bad_signature", "The signature does not match the challenge.");
		}
		String status = ocspStatus(holder.certificateStatus());
		if (!"good".equals(status)) {
			throw new Refused("certificate_" + status,
					"suspended".equals(status) ? "The card is suspended." : "The card's certificate is revoked.",
					holder.residentId());
		}
		if (!"active".equals(holder.cardStatus())) {
			throw new Refused("card_" + holder.cardStatus(), "The card is " + holder.cardStatus() + ".", holder.residentId());
		}
		return new Authenticated(holder.residentId(), holder.cardId(), serial, expiredAt);
	}

	/**
	 * The certificate's status as the OCSP responder answers it ({@link OcspResponder}: revoked, on hold, or good),
	 * from the same row in the same read as the holder: in this process an OCSP request and its signed answer
	 * would add a signature and its verification, and nothing a relying party outside could not check itself
	 * (decision 23).
	 */
	private static String ocspStatus(JdbcCards.Status status) {
		if (status.revokedAt() == null) {
			return "good";
		}
		return CrlPublisher.reasonCode(status.reason()) == org.bouncycastle.asn1.x509.CRLReason.certificateHold
				? "suspended" : "revoked";
	}

	private static boolean signatureHolds(PublicKey key, byte[] data, byte[] signature) {
		String algorithm = switch (key) {
			case ECPublicKey ec -> "SHA256withECDSA";
			case RSAPublicKey rsa -> "SHA256withRSA";
			default -> "Ed25519";
		};
		try {
			Signature verifier = Signature.getInstance(algorithm);
			verifier.initVerify(key);
			verifier.update(data);
			return verifier.verify(signature);
		}
		catch (Exception ex) {
			return false;
		}
	}

	private static X509Certificate parse(byte[] der) {
		if (der == null || der.length == 0 || der.length > 8192) {
			throw new Refused("bad_certificate", "The certificate is missing or too large.");
		}
		try {
			return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
		}
		catch (Exception ex) {
			throw new Refused("bad_certificate", "The certificate is not an X.509 certificate in DER.");
		}
	}

}
