package org.tsunagu.registry.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.tsunagu.registry.internal.ResidentRecord.Address;

import org.springframework.stereotype.Component;

/**
 * The duplicate-detection key of a record: a keyed hash of the normalised name, the birth date and the
 * normalised address. Keyed, so that the column cannot be reversed by guessing names and birthdays.
 */
@Component
final class MatchKeys {

	private final ThreadLocal<Mac> macs;

	MatchKeys(RegistryKeys keys) {
		this.macs = keys.hmac("duplicate matching");
	}

	byte[] of(ResidentRecord record) {
		Address a = record.address();
		String form = String.join("\u0000", UnicodeText.matchForm(record.name().family()),
				UnicodeText.matchForm(record.name().given()), record.birthDate().toString(),
				UnicodeText.matchForm(a.country()), UnicodeText.matchForm(a.postalCode()),
				UnicodeText.matchForm(a.region()), UnicodeText.matchForm(a.locality()),
				UnicodeText.matchForm(a.streetAddress()), UnicodeText.matchForm(a.formatted()));
		return this.macs.get().doFinal(form.getBytes(StandardCharsets.UTF_8));
	}


}
