package org.tsunagu.registry.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.tsunagu.registry.IndividualNumber;

import org.springframework.stereotype.Component;

/**
 * How an individual number is kept: an HMAC-SHA-256 under a server key, to find it, and an AES-256-GCM
 * ciphertext ({@code version || nonce || ciphertext+tag}), to show it again where the law allows. The plain
 * digits are never stored.
 *
 * @see <a href="https://nvlpubs.nist.gov/nistpubs/Legacy/SP/nistspecialpublication800-38d.pdf">NIST SP 800-38D</a>
 */
@Component
final class NumberProtection {

	private static final byte VERSION = 1;

	private static final byte[] AAD = "tsunagu individual-number v1".getBytes(StandardCharsets.US_ASCII);

	private final SecretKeySpec encryptionKey;

	private final SecureRandom random = new SecureRandom();

	private final ThreadLocal<Mac> macs;

	NumberProtection(RegistryKeys keys) {
		this.encryptionKey = keys.derive("number encryption", "AES");
		this.macs = keys.hmac("number lookup");
	}

	/** The lookup hash of a number. */
	byte[] lookupHash(IndividualNumber number) {
		return this.macs.get().doFinal(number.reveal().getBytes(StandardCharsets.US_ASCII));
	}

	byte[] encrypt(IndividualNumber number) {
		try {
			byte[] nonce = new byte[12];
			this.random.nextBytes(nonce);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, this.encryptionKey, new GCMParameterSpec(128, nonce));
			cipher.updateAAD(AAD);
			byte[] sealed = cipher.doFinal(number.reveal().getBytes(StandardCharsets.US_ASCII));
			return ByteBuffer.allocate(1 + nonce.length + sealed.length).put(VERSION).put(nonce).put(sealed).array();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM encryption failed", ex);
		}
	}

	IndividualNumber decrypt(byte[] stored) {
		try {
			if (stored.length < 1 + 12 + 16 || stored[0] != VERSION) {
				throw new IllegalStateException("Unknown individual number ciphertext version");
			}
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, this.encryptionKey, new GCMParameterSpec(128, stored, 1, 12));
			cipher.updateAAD(AAD);
			byte[] plain = cipher.doFinal(stored, 13, stored.length - 13);
			return IndividualNumber.parse(new String(plain, StandardCharsets.US_ASCII));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("An individual number ciphertext failed authentication", ex);
		}
	}


}
