package org.tsunagu.registry.internal;

import java.time.LocalDate;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.tsunagu.registry.AssuranceLevel;

/**
 * One version of a resident's record, built only from checked input. Immutable: a life event makes a new one.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResidentRecord(PersonName name, LocalDate birthDate, String sex, Address address, List<Evidence> evidence,
		AssuranceLevel assurance, String status, LocalDate dateOfDeath, LocalDate emigratedOn, String emigratedTo) {

	public static final String LIVING = "living";

	public static final String DECEASED = "deceased";

	public static final String EMIGRATED = "emigrated";

	public ResidentRecord {
		evidence = List.copyOf(evidence);
	}

	static ResidentRecord enrolled(PersonName name, LocalDate birthDate, String sex, Address address,
			List<Evidence> evidence, AssuranceLevel assurance) {
		return new ResidentRecord(name, birthDate, sex, address, evidence, assurance, LIVING, null, null, null);
	}

	ResidentRecord withAddress(Address newAddress) {
		return new ResidentRecord(this.name, this.birthDate, this.sex, newAddress, this.evidence, this.assurance,
				this.status, this.dateOfDeath, this.emigratedOn, this.emigratedTo);
	}

	ResidentRecord withName(PersonName newName) {
		return new ResidentRecord(newName, this.birthDate, this.sex, this.address, this.evidence, this.assurance,
				this.status, this.dateOfDeath, this.emigratedOn, this.emigratedTo);
	}

	ResidentRecord died(LocalDate date) {
		return new ResidentRecord(this.name, this.birthDate, this.sex, this.address, this.evidence, this.assurance,
				DECEASED, date, this.emigratedOn, this.emigratedTo);
	}

	ResidentRecord emigrated(LocalDate date, String country) {
		return new ResidentRecord(this.name, this.birthDate, this.sex, this.address, this.evidence, this.assurance,
				EMIGRATED, this.dateOfDeath, date, country);
	}

	/** A person's name: NFC, variation sequences kept exactly. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record PersonName(String family, String given, String familyReading, String givenReading, String latin) {
	}

	/** An address in the OpenID Connect address claim's parts. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Address(String country, String postalCode, String region, String locality, String streetAddress,
			String formatted) {
	}

	/** Identity evidence: document type, verification method, and who verified it. */
	public record Evidence(String type, String method, String verifiedBy) {
	}

}
