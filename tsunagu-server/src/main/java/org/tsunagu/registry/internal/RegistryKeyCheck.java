package org.tsunagu.registry.internal;

import java.security.MessageDigest;

import org.tsunagu.registry.IndividualNumber;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Stops the server from starting with a registry key other than the one its database was filled with: with the
 * wrong key no number would be found and new numbers would be encrypted under a key nobody keeps.
 */
@Component
final class RegistryKeyCheck {

	RegistryKeyCheck(JdbcClient jdbc, NumberProtection numbers) {
		byte[] check = numbers.lookupHash(IndividualNumber.parse("000000000000"));
		var stored = jdbc.sql("SELECT check_value FROM registry_key_check WHERE id = 1").query(byte[].class).optional();
		if (stored.isEmpty()) {
			jdbc.sql("INSERT INTO registry_key_check (id, check_value) VALUES (1, :check)").param("check", check).update();
		}
		else if (!MessageDigest.isEqual(stored.get(), check)) {
			throw new IllegalStateException("The registry key is not the one this database was created with: set "
					+ "TSUNAGU_REGISTRY_KEY (or restore <data dir>/keys/registry.key) to the key in use before.");
		}
	}

}
