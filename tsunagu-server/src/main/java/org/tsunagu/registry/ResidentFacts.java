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
 * @param nationality ISO 3166-1 alpha-2, or {@code null} when the registry does not record it
 * @param residence a foreign resident's status of residence, or {@code null}
 * @param underCorrection the facts an operator is correcting ({@code name}, {@code birthDate}, {@code sex},
 *     {@code address}, {@code nationality}, {@code residence}); empty when none
 */
public record ResidentFacts(UUID id, int version, String status, AssuranceLevel assurance, String familyName,
		String givenName, String latinName, LocalDate birthDate, String sex, String country, String address,
		String familyReading, String givenReading, PostalAddress postal, String nationality, Residence residence,
		java.util.List<String> underCorrection) {

	public ResidentFacts {
		underCorrection = underCorrection == null ? java.util.List.of() : java.util.List.copyOf(underCorrection);
	}

	/**
	 * A foreign resident's status of residence, as the residence card carries it.
	 * @param status the status of residence ({@code engineer-humanities-international-services}, ...)
	 * @param periodOfStay ISO 8601 ({@code P3Y}); {@code null} for a permanent status
	 * @param stayUntil the period's last day; {@code null} for a permanent status
	 * @param workPermission {@code unrestricted}, {@code within-status}, {@code as-designated} or
	 *     {@code not-permitted}
	 */
	public record Residence(String status, String periodOfStay, LocalDate stayUntil, String workPermission) {
	}

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
