package org.tsunagu.wallet;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A card whose keys live in a PKCS#11 token (a smart card or an HSM; SoftHSM2 in tests) instead of files: generated
 * inside the token, sensitive and not extractable, used through the JDK's SunPKCS11 provider after logging in with
 * the token's user PIN, which the token itself guards. The card directory records only where the token is.
 */
final class TokenKeys {

	/** One provider per token in a process: a PKCS#11 module is initialised once, and keys belong to their provider. */
	private static final java.util.Map<String, TokenKeys> OPEN = new java.util.concurrent.ConcurrentHashMap<>();

	private final Provider provider;

	static TokenKeys of(Path library, long slot) {
		return OPEN.computeIfAbsent(library.toAbsolutePath() + "#" + slot, (key) -> new TokenKeys(library, slot));
	}

	private TokenKeys(Path library, long slot) {
		try {
			this.provider = Pkcs11Tokens.provider("tsunagu-wallet", library, slot);
		}
		catch (IllegalStateException ex) {
			throw new WalletException("The PKCS#11 module " + library + " is not readable.", ex);
		}
	}

	Provider provider() {
		return this.provider;
	}

	/** Generates the slot's key pair in the token and labels it; answers the pair (the private half stays inside). */
	KeyPair generate(Slot slot, char[] pin) {
		try {
			KeyStore store = login(pin);
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", this.provider);
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			KeyPair pair = generator.generateKeyPair();
			store.setKeyEntry(alias(slot), pair.getPrivate(), null, new X509Certificate[] { placeholder(pair) });
			return pair;
		}
		catch (GeneralSecurityException ex) {
			throw new WalletException("The token could not generate the " + slot.name().toLowerCase() + " key.", ex);
		}
	}

	/** The slot's private key, after logging in; {@code null} when the PIN is wrong. */
	PrivateKey privateKey(Slot slot, char[] pin) {
		KeyStore store;
		try {
			store = login(pin);
		}
		catch (GeneralSecurityException ex) {
			return null;
		}
		try {
			PrivateKey key = (PrivateKey) store.getKey(alias(slot), null);
			if (key == null) {
				throw new WalletException("The token holds no " + slot.name().toLowerCase() + " key of this card.");
			}
			return key;
		}
		catch (GeneralSecurityException ex) {
			throw new WalletException("The token's key cannot be used.", ex);
		}
	}

	/** Logs out first, so that every use proves the PIN again instead of riding on an earlier login. */
	private KeyStore login(char[] pin) throws GeneralSecurityException {
		try {
			((java.security.AuthProvider) this.provider).logout();
		}
		catch (javax.security.auth.login.LoginException ex) {
			throw new GeneralSecurityException("logout refused", ex);
		}
		KeyStore store = KeyStore.getInstance("PKCS11", this.provider);
		try {
			store.load(null, pin);
		}
		catch (java.io.IOException ex) {
			throw new GeneralSecurityException("login refused", ex);
		}
		return store;
	}

	private static String alias(Slot slot) {
		return "tsunagu-" + slot.file();
	}

	/** A self-signed stand-in certificate: PKCS#11 key stores keep a key with a certificate. */
	private X509Certificate placeholder(KeyPair pair) throws GeneralSecurityException {
		try {
			Instant now = Instant.now();
			return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
					new X500Name("CN=Tsunagu card key"), java.math.BigInteger.ONE, Date.from(now),
					Date.from(now.plus(1, ChronoUnit.DAYS)), new X500Name("CN=Tsunagu card key"), pair.getPublic())
				.build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(this.provider).build(pair.getPrivate())));
		}
		catch (org.bouncycastle.operator.OperatorCreationException ex) {
			throw new GeneralSecurityException(ex);
		}
	}

}
