package org.tsunagu.registry.internal;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.tsunagu.platform.MasterKeys;
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

	private final MasterKeys master;

	RegistryKeys(@Value("${tsunagu.registry.key:}") String configured, TsunaguProperties properties) {
		this.master = MasterKeys.load(configured, "tsunagu.registry.key",
				properties.dataDir().resolve("keys").resolve("registry.key"), "tsunagu registry");
	}

	SecretKeySpec derive(String purpose, String algorithm) {
		return this.master.derive(purpose, algorithm);
	}

	/** An HMAC-SHA-256 per thread, keyed for one purpose. */
	ThreadLocal<Mac> hmac(String purpose) {
		return this.master.hmac(purpose);
	}

}
