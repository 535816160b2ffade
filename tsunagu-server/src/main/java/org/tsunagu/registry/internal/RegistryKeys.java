package org.tsunagu.registry.internal;

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
import org.tsunagu.platform.SecretFiles;
import org.tsunagu.platform.TsunaguProperties;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The registry's master key and the keys derived from it (HMAC-SHA-256 with a label per purpose): one for the
 * number's lookup hash, one for its AES-GCM encryption, one for duplicate matching. The master key comes from
 * {@code tsunagu.registry.key} ({@code TSUNAGU_REGISTRY_KEY}, base64 of 32 bytes), which every node of a
 * deployment shares; failing that, from {@code <data dir>/keys/registry.key}, created on first start.
 * Only {@link NumberProtection} and {@link MatchKeys} see the derived keys.
 */
@Component
final class RegistryKeys {

	private static final Logger log = LoggerFactory.getLogger(RegistryKeys.class);

	private final byte[] master;

	RegistryKeys(@Value("${tsunagu.registry.key:}") String configured, TsunaguProperties properties) {
		this.master = configured.isBlank() ? fromFile(properties.dataDir().resolve("keys").resolve("registry.key"))
				: decode(configured);
	}

	SecretKeySpec derive(String purpose, String algorithm) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(this.master, "HmacSHA256"));
			return new SecretKeySpec(mac.doFinal(("tsunagu registry " + purpose).getBytes(StandardCharsets.US_ASCII)),
					algorithm);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC-SHA-256 is not available", ex);
		}
	}

	/** An HMAC-SHA-256 per thread, keyed for one purpose. */
	ThreadLocal<Mac> hmac(String purpose) {
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

	private static byte[] decode(String base64) {
		byte[] key;
		try {
			key = Base64.getDecoder().decode(base64.strip());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("tsunagu.registry.key is not base64", ex);
		}
		if (key.length < 32) {
			throw new IllegalStateException("tsunagu.registry.key must hold at least 32 bytes");
		}
		return key;
	}

	private static byte[] fromFile(Path file) {
		try {
			if (Files.exists(file)) {
				return decode(Files.readString(file, StandardCharsets.US_ASCII));
			}
			byte[] key = new byte[32];
			new SecureRandom().nextBytes(key);
			SecretFiles.write(file, (Base64.getEncoder().encodeToString(key) + "\n").getBytes(StandardCharsets.US_ASCII));
			log.info("Created the registry key at {}; back it up: without it no number can be found", file);
			return key;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read or create the registry key at " + file, ex);
		}
	}

}
