package org.tsunagu.pki;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Certificates for the platform's own signing keys (the credential issuer's), issued by the card CA so that whoever
 * trusts the platform's root can check what the key signs from the certificate alone.
 */
public interface SealCertificates {

	/**
	 * The key's certificate (its subject alternative names: the platform's public URL and host) followed by the
	 * issuing CA's, the order of a JWS {@code x5c} header. One certificate per key and process, valid a year or
	 * until the CA expires.
	 */
	List<X509Certificate> chain(PublicKey key, String commonName);

	/** The root CA certificate those chains lead to: the trust anchor for checking them. */
	X509Certificate root();

}
