package org.tsunagu.wallet;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;

import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.X509ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/** Asks the OCSP responder named in a certificate for its status, and checks the answer's signature. */
public final class OcspClient {

	/** RFC 5280 reason names by code. */
	private static final String[] REASONS = { "unspecified", "keyCompromise", "cACompromise", "affiliationChanged",
			"superseded", "cessationOfOperation", "certificateHold", "unused", "removeFromCRL", "privilegeWithdrawn",
			"aACompromise" };

	private final HttpClient http = HttpClient.newHttpClient();

	/** {@code good}, {@code revoked (reason)}, {@code unknown}, or why no answer could be had. */
	public String status(X509Certificate certificate, X509Certificate issuer) {
		try {
			String url = ocspUrl(certificate);
			CertificateID id = new CertificateID(new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
					new JcaX509CertificateHolder(issuer), certificate.getSerialNumber());
			byte[] request = new OCSPReqBuilder().addRequest(id).build().getEncoded();
			HttpResponse<byte[]> response = this.http.send(HttpRequest.newBuilder(URI.create(url))
				.header("Content-Type", "application/ocsp-request")
				.POST(HttpRequest.BodyPublishers.ofByteArray(request))
				.build(), HttpResponse.BodyHandlers.ofByteArray());
			OCSPResp ocsp = new OCSPResp(response.body());
			if (ocsp.getStatus() != OCSPResp.SUCCESSFUL) {
				return "no answer (OCSP status " + ocsp.getStatus() + ")";
			}
			BasicOCSPResp basic = (BasicOCSPResp) ocsp.getResponseObject();
			X509CertificateHolder responder = basic.getCerts()[0];
			if (!responder.isSignatureValid(new JcaContentVerifierProviderBuilder().build(issuer.getPublicKey()))
					|| !basic.isSignatureValid(new JcaContentVerifierProviderBuilder().build(responder))) {
				return "no answer (the response's signature is wrong)";
			}
			SingleResp single = basic.getResponses()[0];
			Object status = single.getCertStatus();
			if (status == null) {
				return "good";
			}
			if (status instanceof RevokedStatus revoked) {
				return "revoked" + (revoked.hasRevocationReason() ? " (" + REASONS[Math.min(revoked.getRevocationReason(), 10)] + ")" : "");
			}
			return status instanceof UnknownStatus ? "unknown" : "unknown";
		}
		catch (IOException | RuntimeException ex) {
			return "no answer (" + ex.getClass().getSimpleName() + ")";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "no answer (interrupted)";
		}
		catch (Exception ex) {
			return "no answer (" + ex.getClass().getSimpleName() + ")";
		}
	}

	static String ocspUrl(X509Certificate certificate) {
		byte[] value = certificate.getExtensionValue(Extension.authorityInfoAccess.getId());
		if (value == null) {
			throw new WalletException("The certificate names no OCSP responder.");
		}
		AuthorityInformationAccess aia = AuthorityInformationAccess
			.getInstance(org.bouncycastle.asn1.ASN1OctetString.getInstance(value).getOctets());
		for (AccessDescription d : aia.getAccessDescriptions()) {
			if (d.getAccessMethod().equals(X509ObjectIdentifiers.id_ad_ocsp)) {
				return ((ASN1IA5String) d.getAccessLocation().getName()).getString();
			}
		}
		throw new WalletException("The certificate names no OCSP responder.");
	}

}
