package org.tsunagu.oidc.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.tsunagu.platform.MasterKeys;
import org.tsunagu.platform.TsunaguProperties;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The OpenID Provider's master key ({@code tsunagu.oidc.key}, {@code TSUNAGU_OIDC_KEY}, shared by every node;
 * failing that {@code <data dir>/keys/oidc.key}) and what is derived from it: the pairwise-subject HMAC key and the
 * AES-GCM key that seals signing keys and stored grants. SHA-256 lookup hashes need no key: codes and tokens carry
 * at least 128 bits of entropy.
 */
@Component
final class ProviderKeys {

	private static final int IV = 12;

	private final ThreadLocal<Mac> pairwise;

	private final SecretKeySpec sealing;

	private final SecureRandom random = new SecureRandom();

	ProviderKeys(@Value("${tsunagu.oidc.key:}") String configured, TsunaguProperties properties) {
		MasterKeys master = MasterKeys.load(configured, "tsunagu.oidc.key",
				properties.dataDir().resolve("keys").resolve("oidc.key"), "tsunagu oidc");
		this.pairwise = master.hmac("pairwise subject");
		this.sealing = master.derive("sealing", "AES");
	}

	/** OIDC Core 8.1: a subject no two sectors share and no one can reverse, stable for the person. */
	String pairwiseSubject(String sectorIdentifier, java.util.UUID residentId) {
		Mac mac = this.pairwise.get();
		mac.update(sectorIdentifier.getBytes(StandardCharsets.UTF_8));
		mac.update((byte) 0);
		mac.update(residentId.toString().getBytes(StandardCharsets.US_ASCII));
		return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal());
	}

	/** AES-256-GCM with a random IV, the purpose bound as associated data. */
	byte[] seal(byte[] plain, String purpose) {
		try {
			byte[] iv = new byte[IV];
			this.random.nextBytes(iv);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, this.sealing, new GCMParameterSpec(128, iv));
			cipher.updateAAD(purpose.getBytes(StandardCharsets.US_ASCII));
			byte[] sealed = cipher.doFinal(plain);
			return ByteBuffer.allocate(IV + sealed.length).put(iv).put(sealed).array();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM is not available", ex);
		}
	}

	byte[] open(byte[] sealed, String purpose) {
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, this.sealing, new GCMParameterSpec(128, sealed, 0, IV));
			cipher.updateAAD(purpose.getBytes(StandardCharsets.US_ASCII));
			return cipher.doFinal(sealed, IV, sealed.length - IV);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("A sealed value does not open under this provider's key (tsunagu.oidc.key)", ex);
		}
	}

	static byte[] sha256(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
