package org.tsunagu.pki.internal;

import java.security.cert.X509Certificate;
import java.util.Optional;

import org.tsunagu.platform.ApiProblem;
import org.tsunagu.platform.PublicUrl;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The CA hierarchy as recorded by the ceremony, loaded on first use (after the ceremony, and after the server
 * knows its port).
 */
@Component
final class CaDirectory {

	private final JdbcCaCertificates certificates;

	private final CaKeys keys;

	private final PublicUrl publicUrl;

	private volatile IssuingCa issuing;

	CaDirectory(JdbcCaCertificates certificates, CaKeys keys, PublicUrl publicUrl) {
		this.certificates = certificates;
		this.keys = keys;
		this.publicUrl = publicUrl;
	}

	IssuingCa issuing() {
		IssuingCa ca = this.issuing;
		if (ca == null) {
			synchronized (this) {
				ca = this.issuing;
				if (ca == null) {
					ca = load();
					this.issuing = ca;
				}
			}
		}
		return ca;
	}

	Optional<X509Certificate> certificate(String name) {
		return this.certificates.find(name);
	}

	private IssuingCa load() {
		X509Certificate ca = this.certificates.find(CaCeremony.ISSUING).orElseThrow(() -> ApiProblem.of(
				HttpStatus.SERVICE_UNAVAILABLE, "no-ca", "No certificate authority",
				"The key ceremony has not run on this server; an operator runs ./tsunagu ceremony."));
		X509Certificate root = this.certificates.find(CaCeremony.ROOT).orElseThrow();
		try {
			// once, here: every card certificate is then checked against an issuing CA known to chain to the root
			ca.verify(root.getPublicKey());
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException("The issuing CA's certificate is not signed by the root", ex);
		}
		return new IssuingCa(CaCeremony.ISSUING, ca, this.keys.privateKey(CaCeremony.ISSUING), this.keys.provider(),
				root,
				this.certificates.find(CaCeremony.OCSP).orElseThrow(), this.keys.privateKey(CaCeremony.OCSP),
				this.publicUrl.base());
	}

}
