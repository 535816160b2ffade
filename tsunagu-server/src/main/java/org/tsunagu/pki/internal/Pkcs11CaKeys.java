package org.tsunagu.pki.internal;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.function.Function;

/**
 * CA keys in a PKCS#11 token (an HSM; SoftHSM2 in tests) through the JDK's SunPKCS11 provider. Keys are generated
 * inside the token as token objects that are sensitive and not extractable: the private key never leaves it, and
 * every signature is made by the token.
 *
 * @see <a href="https://docs.oasis-open.org/pkcs11/pkcs11-base/v3.0/pkcs11-base-v3.0.html">PKCS #11 v3.0</a>
 */
final class Pkcs11CaKeys implements CaKeys {

	private final Provider provider;

	private final KeyStore store;

	Pkcs11CaKeys(Path library, long slot, String pin) {
		try {
			this.provider = org.tsunagu.wallet.Pkcs11Tokens.provider("tsunagu-ca", library, slot);
			this.store = KeyStore.getInstance("PKCS11", this.provider);
			this.store.load(null, pin.toCharArray());
		}
		catch (GeneralSecurityException | java.io.IOException ex) {
			throw new IllegalStateException("Cannot log in to the PKCS#11 token", ex);
		}
	}

	@Override
	public synchronized KeyPair generate(String alias, String curve, Function<KeyPair, X509Certificate[]> certify) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", this.provider);
			generator.initialize(new ECGenParameterSpec(curve));
			KeyPair pair = generator.generateKeyPair();
			this.store.setKeyEntry(alias, pair.getPrivate(), null, certify.apply(pair));
			return pair;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot generate the key " + alias + " in the token", ex);
		}
	}

	@Override
	public synchronized PrivateKey privateKey(String alias) {
		try {
			PrivateKey key = (PrivateKey) this.store.getKey(alias, null);
			if (key == null) {
				throw new IllegalStateException("No CA key " + alias + " in the PKCS#11 token");
			}
			return key;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot find the CA key " + alias + " in the token", ex);
		}
	}

	@Override
	public synchronized boolean contains(String alias) {
		try {
			return this.store.containsAlias(alias);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public Provider provider() {
		return this.provider;
	}

	@Override
	public String kind() {
		return "pkcs11";
	}

}
