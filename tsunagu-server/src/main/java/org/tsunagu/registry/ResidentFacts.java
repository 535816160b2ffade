package org.tsunagu.registry;

import java.time.LocalDate;
import java.util.UUID;

/**
 * What another module may learn of a resident's current record, through {@link Residents}: enough to decide
 * (alive, assured) and to print on a certificate. It never carries the individual number.
 *
 * @param status {@code living}, {@code deceased} or {@code emigrated}
 * @param sex {@code female}, {@code male}, {@code other}, or {@code null} when not recorded
 * @param address the address as one line, in the registry's own script
 * @param familyReading the family name's reading (katakana for {@code jp}), or {@code null}
 * @param givenReading the given name's reading, or {@code null}
 */
public record ResidentFacts(UUID id, int version, String status, AssuranceLevel assurance, String familyName,
		String givenName, String latinName, LocalDate birthDate, String sex, String country, String address,
		String familyReading, String givenReading, PostalAddress postal) {

	/** The address in parts, as OpenID Connect's {@code address} claim carries it; parts may be {@code null}. */
	public record PostalAddress(String country, String postalCode, String region, String locality,
			String streetAddress) {
	}

	public boolean living() {
		return "living".equals(this.status);
	}

	/** The full name in the person's own script, family name first. */
	public String fullName() {
		return this.givenName == null ? this.familyName : this.familyName + " " + this.givenName;
	}

}
