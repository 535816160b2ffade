package org.tsunagu.wallet;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A private key at rest: its PKCS#8 encoding sealed with AES-256-GCM under a key derived from the PIN with
 * PBKDF2-HMAC-SHA256 (600,000 iterations, as OWASP recommends for that function) and a random salt. File layout:
 * {@code "TSW1" || iterations (4) || salt (16) || nonce (12) || ciphertext+tag}.
 */
final class KeyVault {

	static final int ITERATIONS = 600_000;

	private static final byte[] MAGIC = "TSW1".getBytes(StandardCharsets.US_ASCII);

	private static final SecureRandom RANDOM = new SecureRandom();

	private KeyVault() {
	}

	static byte[] seal(PrivateKey key, char[] pin) {
		byte[] salt = new byte[16];
		byte[] nonce = new byte[12];
		RANDOM.nextBytes(salt);
		RANDOM.nextBytes(nonce);
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, derive(pin, salt, ITERATIONS), new GCMParameterSpec(128, nonce));
			cipher.updateAAD(MAGIC);
			byte[] sealed = cipher.doFinal(key.getEncoded());
			return ByteBuffer.allocate(4 + 4 + 16 + 12 + sealed.length)
				.put(MAGIC)
				.putInt(ITERATIONS)
				.put(salt)
				.put(nonce)
				.put(sealed)
				.array();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM is not available", ex);
		}
	}

	/** The key, or {@code null} when the PIN is wrong. */
	static PrivateKey open(byte[] stored, char[] pin) {
		ByteBuffer in = ByteBuffer.wrap(stored);
		byte[] magic = new byte[4];
		in.get(magic);
		if (!Arrays.equals(magic, MAGIC)) {
			throw new WalletException("A key file of the card is damaged or not a Tsunagu card key.");
		}
		int iterations = in.getInt();
		byte[] salt = new byte[16];
		byte[] nonce = new byte[12];
		in.get(salt).get(nonce);
		byte[] sealed = new byte[in.remaining()];
		in.get(sealed);
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, derive(pin, salt, iterations), new GCMParameterSpec(128, nonce));
			cipher.updateAAD(MAGIC);
			byte[] pkcs8 = cipher.doFinal(sealed);
			return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
		}
		catch (AEADBadTagException ex) {
			return null;
		}
		catch (GeneralSecurityException ex) {
			throw new WalletException("A key file of the card cannot be read.", ex);
		}
	}

	private static SecretKeySpec derive(char[] pin, byte[] salt, int iterations) throws GeneralSecurityException {
		PBEKeySpec spec = new PBEKeySpec(pin, salt, iterations, 256);
		try {
			return new SecretKeySpec(SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded(),
					"AES");
		}
		finally {
			spec.clearPassword();
		}
	}

}
