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

import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.tsunagu.pki.CardAuthentication;

import org.springframework.stereotype.Service;

/**
 * Checks a card's authentication signature: chain to this platform's root, the certificate's purpose and validity,
 * its status as this platform's OCSP responder answers it (a real OCSP request with a nonce, its signed answer
 * checked), the card's state, and the signature itself. The OCSP answer is asked in-process: same responder, same
 * revision counter, so a suspension stops sign-ins the moment it commits.
 */
@Service
final class CardAuthenticator implements CardAuthentication {

	private final CaDirectory directory;

	private final JdbcCards cards;

	private final OcspResponder ocsp;

	private final Clock clock;

	private final java.security.SecureRandom random = new java.security.SecureRandom();

	CardAuthenticator(CaDirectory directory, JdbcCards cards, OcspResponder ocsp, Clock clock) {
		this.directory = directory;
		this.cards = cards;
		this.ocsp = ocsp;
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
		String status = ocspStatus(ca, certificate);
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

	/** Asks the responder as any relying party would, and checks its signed answer. */
	private String ocspStatus(IssuingCa ca, X509Certificate certificate) {
		try {
			CertificateID id = new CertificateID(new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
					new JcaX509CertificateHolder(ca.certificate()), certificate.getSerialNumber());
			byte[] nonce = new byte[16];
			this.random.nextBytes(nonce);
			OCSPReqBuilder builder = new OCSPReqBuilder().addRequest(id);
			// RFC 8954: the nonce extension's value is an OCTET STRING holding the nonce
			byte[] nonceValue = new DEROctetString(nonce).getEncoded();
			builder.setRequestExtensions(new Extensions(
					new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false, nonceValue)));
			OCSPResp response = new OCSPResp(this.ocsp.respond(builder.build().getEncoded()));
			if (response.getStatus() != OCSPResp.SUCCESSFUL) {
				throw new Refused("status_unavailable", "The card's status could not be checked.");
			}
			BasicOCSPResp basic = (BasicOCSPResp) response.getResponseObject();
			if (!basic.isSignatureValid(new JcaContentVerifierProviderBuilder().build(ca.ocspCertificate()))) {
				throw new Refused("status_unavailable", "The card's status could not be checked.");
			}
			Extension echoed = basic.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
			if (echoed == null || !java.util.Arrays.equals(echoed.getExtnValue().getOctets(), nonceValue)) {
				throw new Refused("status_unavailable", "The card's status could not be checked.");
			}
			for (SingleResp single : basic.getResponses()) {
				if (single.getCertID().getSerialNumber().equals(certificate.getSerialNumber())) {
					Object status = single.getCertStatus();
					if (status == null) {
						return "good";
					}
					if (status instanceof RevokedStatus revoked && revoked.hasRevocationReason()
							&& revoked.getRevocationReason() == org.bouncycastle.asn1.x509.CRLReason.certificateHold) {
						return "suspended";
					}
					return status instanceof RevokedStatus ? "revoked" : "unknown";
				}
			}
			return "unknown";
		}
		catch (Refused ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new Refused("status_unavailable", "The card's status could not be checked.");
		}
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
