package org.tsunagu.pki.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.function.Function;

import org.tsunagu.platform.SecretFiles;

/**
 * CA keys in a PKCS#12 file, {@code <data dir>/pki/ca-keys.p12}, protected by a password from
 * {@code tsunagu.pki.keystore-password} or, failing that, one generated next to it (mode 0600). For a deployment
 * that needs keys no file can leak, use the PKCS#11 store.
 */
final class Pkcs12CaKeys implements CaKeys {

	private final Path file;

	private final char[] password;

	private final KeyStore store;

	Pkcs12CaKeys(Path dir, String configuredPassword) {
		this.file = dir.resolve("ca-keys.p12");
		try {
			Files.createDirectories(dir);
			this.password = (configuredPassword.isBlank() ? generatedPassword(dir.resolve("keystore-password"))
					: configuredPassword).toCharArray();
			this.store = KeyStore.getInstance("PKCS12");
			if (Files.exists(this.file)) {
				try (InputStream in = Files.newInputStream(this.file)) {
					this.store.load(in, this.password);
				}
			}
			else {
				this.store.load(null, null);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot open the CA key store " + this.file, ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot open the CA key store " + this.file, ex);
		}
	}

	@Override
	public synchronized KeyPair generate(String alias, String curve, Function<KeyPair, X509Certificate[]> certify) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec(curve));
			KeyPair pair = generator.generateKeyPair();
			this.store.setKeyEntry(alias, pair.getPrivate(), this.password, certify.apply(pair));
			save();
			return pair;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot generate the key " + alias, ex);
		}
	}

	@Override
	public synchronized PrivateKey privateKey(String alias) {
		try {
			PrivateKey key = (PrivateKey) this.store.getKey(alias, this.password);
			if (key == null) {
				throw new IllegalStateException("No CA key " + alias + " in " + this.file);
			}
			return key;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot read the CA key " + alias, ex);
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
		return org.tsunagu.platform.CryptoProviders.ecdsa();
	}

	@Override
	public String kind() {
		return "pkcs12";
	}

	private void save() {
		try {
			java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
			this.store.store(out, this.password);
			SecretFiles.write(this.file, out.toByteArray());
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot save the CA key store " + this.file, ex);
		}
	}

	private static String generatedPassword(Path path) throws IOException {
		if (Files.exists(path)) {
			return Files.readString(path, StandardCharsets.US_ASCII).strip();
		}
		byte[] secret = new byte[24];
		new SecureRandom().nextBytes(secret);
		String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
		SecretFiles.write(path, (password + "\n").getBytes(StandardCharsets.US_ASCII));
		return password;
	}

}
