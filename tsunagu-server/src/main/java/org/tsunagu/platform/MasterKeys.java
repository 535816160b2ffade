package org.tsunagu.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A module's master key and the keys derived from it by HMAC-SHA-256 with a label per purpose. The key comes from
 * configuration (base64 of at least 32 bytes, the same on every node of a deployment); failing that, from a file
 * in the data directory, created owner-only on first start.
 */
public final class MasterKeys {

	private static final Logger log = LoggerFactory.getLogger(MasterKeys.class);

	private final byte[] master;

	private final String label;

	private MasterKeys(byte[] master, String label) {
		this.master = master;
		this.label = label;
	}

	/**
	 * @param configured the configured key, blank when none
	 * @param property the property's name, for messages
	 * @param file where the key lives when none is configured
	 * @param label the derivation label's prefix, such as {@code tsunagu registry}
	 */
	public static MasterKeys load(String configured, String property, Path file, String label) {
		return new MasterKeys(configured.isBlank() ? fromFile(file, property) : decode(configured, property), label);
	}

	/** The key for one purpose: HMAC-SHA-256(master, label + " " + purpose). */
	public SecretKeySpec derive(String purpose, String algorithm) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(this.master, "HmacSHA256"));
			return new SecretKeySpec(mac.doFinal((this.label + " " + purpose).getBytes(StandardCharsets.US_ASCII)),
					algorithm);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC-SHA-256 is not available", ex);
		}
	}

	/** An HMAC-SHA-256 per thread, keyed for one purpose. */
	public ThreadLocal<Mac> hmac(String purpose) {
		SecretKeySpec key = derive(purpose, "HmacSHA256");
		return ThreadLocal.withInitial(() -> {
			try {
				Mac mac = Mac.getInstance("HmacSHA256");
				mac.init(key);
				return mac;
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException("HMAC-SHA-256 is not available", ex);
			}
		});
	}

	private static byte[] decode(String base64, String property) {
		byte[] key;
		try {
			key = Base64.getDecoder().decode(base64.strip());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException(property + " is not base64", ex);
		}
		if (key.length < 32) {
			throw new IllegalStateException(property + " must hold at least 32 bytes");
		}
		return key;
	}

	private static byte[] fromFile(Path file, String property) {
		try {
			if (Files.exists(file)) {
				return decode(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
			}
			byte[] key = new byte[32];
			new SecureRandom().nextBytes(key);
			SecretFiles.write(file, (Base64.getEncoder().encodeToString(key) + "\n").getBytes(StandardCharsets.US_ASCII));
			log.info("Created {} at {}; back it up, or set {} on every node", file.getFileName(), file, property);
			return key;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read or create the key at " + file, ex);
		}
	}

}
