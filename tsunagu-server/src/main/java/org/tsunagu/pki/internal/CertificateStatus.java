package org.tsunagu.pki.internal;

import java.security.cert.CertificateEncodingException;

import org.tsunagu.platform.ApiProblem;

import org.springframework.stereotype.Service;

/** What the public status endpoints serve: CA certificates (DER), CRLs and OCSP responses. */
@Service
public final class CertificateStatus {

	private final CaDirectory directory;

	private final CrlPublisher crls;

	private final OcspResponder ocsp;

	CertificateStatus(CaDirectory directory, CrlPublisher crls, OcspResponder ocsp) {
		this.directory = directory;
		this.crls = crls;
		this.ocsp = ocsp;
	}

	public byte[] caCertificate(String name) {
		try {
			return this.directory.certificate(name).orElseThrow(() -> ApiProblem.notFound("The CA certificate")).getEncoded();
		}
		catch (CertificateEncodingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public byte[] crl(String name) {
		return this.crls.crl(name);
	}

	public byte[] ocsp(byte[] request) {
		return this.ocsp.respond(request);
	}

}
