package org.tsunagu.credentials.verifier;

import org.tsunagu.credentials.issuer.SealKey;
import org.tsunagu.pki.SealCertificates;
import org.tsunagu.platform.TsunaguProperties;

import org.springframework.stereotype.Component;

/** The verifier's key: its signed request objects, under the client id {@code x509_san_dns:<host>}. */
@Component
class VerifierKey extends SealKey {

	VerifierKey(TsunaguProperties properties, SealCertificates certificates) {
		super(properties, certificates, "verifier-key", "Tsunagu verifier");
	}

}
