package org.tsunagu.pki.internal;

import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.X509Certificate;

/**
 * The card-issuing CA as the server uses it: its certificate and key (through the key store's provider), the root
 * above it, its OCSP responder, and the URLs written into the certificates it issues.
 */
record IssuingCa(String name, X509Certificate certificate, PrivateKey privateKey, Provider provider,
		X509Certificate root, X509Certificate ocspCertificate, PrivateKey ocspKey, String baseUrl) {

	String crlUrl() {
		return this.baseUrl + "/pki/crl/" + this.name + ".crl";
	}

	String ocspUrl() {
		return this.baseUrl + "/pki/ocsp";
	}

	String issuerUrl() {
		return this.baseUrl + "/pki/ca/" + this.name + ".crt";
	}

	@Override
	public String toString() {
		return "IssuingCa[" + this.name + "]";
	}

}
