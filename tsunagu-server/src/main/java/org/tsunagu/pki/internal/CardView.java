package org.tsunagu.pki.internal;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A card as the API answers it: its state, its current certificates (PEM) and the chain up to the root.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CardView(UUID cardId, UUID residentId, String status, List<CertificateView> certificates,
		List<String> chain) {

	/** One certificate: {@code status} is {@code good}, {@code suspended} or {@code revoked}. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record CertificateView(String kind, String serial, String status, String revocationReason,
			Instant notAfter, String pem) {
	}

	static String pem(byte[] der) {
		return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
				+ "\n-----END CERTIFICATE-----\n";
	}

	static String pem(X509Certificate certificate) {
		try {
			return pem(certificate.getEncoded());
		}
		catch (java.security.cert.CertificateEncodingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
