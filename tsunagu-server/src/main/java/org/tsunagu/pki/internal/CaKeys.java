package org.tsunagu.pki.internal;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.util.function.Function;

/**
 * Where the CA's private keys live: the one seam between the CA and its key storage. Keys are generated inside the
 * store and used through it; a PKCS#11 store never lets them out.
 */
interface CaKeys {

	/**
	 * Generates a key pair inside the store and keeps it under {@code alias} with the certificate chain that
	 * {@code certify} builds for its public key (the chain's first certificate is the key's own).
	 */
	KeyPair generate(String alias, String algorithm, Function<KeyPair, X509Certificate[]> certify);

	PrivateKey privateKey(String alias);

	boolean contains(String alias);

	/** The provider that signs with this store's keys. */
	Provider provider();

	/** What kind of store this is, for the ceremony log: {@code pkcs12} or {@code pkcs11}. */
	String kind();

}
