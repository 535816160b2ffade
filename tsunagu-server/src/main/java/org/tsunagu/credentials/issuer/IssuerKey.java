package org.tsunagu.credentials.issuer;

import org.tsunagu.pki.SealCertificates;
import org.tsunagu.platform.TsunaguProperties;

import org.springframework.stereotype.Component;

/** The credential issuer's key: credentials and status lists, published in the JWT VC issuer metadata. */
@Component
public class IssuerKey extends SealKey {

	IssuerKey(TsunaguProperties properties, SealCertificates certificates) {
		super(properties, certificates, "credential-issuer-key", "Tsunagu credential issuer");
	}

}
