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
		AssuranceLevel assurance, String status, LocalDate dateOfDeath, LocalDate emigratedOn, String emigratedTo,
		String nationality, Residence residence, Correction correction) {

	public static final String LIVING = "living";

	public static final String DECEASED = "deceased";

	public static final String EMIGRATED = "emigrated";

	public ResidentRecord {
		evidence = List.copyOf(evidence);
	}

	static ResidentRecord enrolled(PersonName name, LocalDate birthDate, String sex, Address address,
			List<Evidence> evidence, AssuranceLevel assurance, String nationality) {
		return new ResidentRecord(name, birthDate, sex, address, evidence, assurance, LIVING, null, null, null,
				nationality, null, null);
	}

	ResidentRecord withAddress(Address newAddress) {
		return new ResidentRecord(this.name, this.birthDate, this.sex, newAddress, this.evidence, this.assurance,
				this.status, this.dateOfDeath, this.emigratedOn, this.emigratedTo, this.nationality, this.residence,
				this.correction);
	}

	ResidentRecord withName(PersonName newName) {
		return new ResidentRecord(newName, this.birthDate, this.sex, this.address, this.evidence, this.assurance,
				this.status, this.dateOfDeath, this.emigratedOn, this.emigratedTo, this.nationality, this.residence,
				this.correction);
	}

	ResidentRecord died(LocalDate date) {
		return new ResidentRecord(this.name, this.birthDate, this.sex, this.address, this.evidence, this.assurance,
				DECEASED, date, this.emigratedOn, this.emigratedTo, this.nationality, this.residence, this.correction);
	}

	ResidentRecord emigrated(LocalDate date, String country) {
		return new ResidentRecord(this.name, this.birthDate, this.sex, this.address, this.evidence, this.assurance,
				EMIGRATED, this.dateOfDeath, date, country, this.nationality, this.residence, this.correction);
	}

	/** A foreign resident's status of residence as recorded from their residence card, with their nationality. */
	ResidentRecord withResidence(String newNationality, Residence newResidence) {
		return new ResidentRecord(this.name, this.birthDate, this.sex, this.address, this.evidence, this.assurance,
				this.status, this.dateOfDeath, this.emigratedOn, this.emigratedTo, newNationality, newResidence,
				this.correction);
	}

	/** A correction opened (the facts named are being checked) or, with {@code null}, closed. */
	ResidentRecord withCorrection(Correction newCorrection) {
		return new ResidentRecord(this.name, this.birthDate, this.sex, this.address, this.evidence, this.assurance,
				this.status, this.dateOfDeath, this.emigratedOn, this.emigratedTo, this.nationality, this.residence,
				newCorrection);
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

	/**
	 * A foreign resident's status of residence, as the residence card carries it.
	 * @param status the status of residence, one of {@link ResidenceRules#STATUSES}
	 * @param periodOfStay the period granted, ISO 8601 ({@code P3Y}, {@code P6M}); {@code null} for permanent ones
	 * @param stayUntil the last day of the period of stay; {@code null} for permanent ones
	 * @param workPermission one of {@link ResidenceRules#WORK_PERMISSIONS}
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Residence(String status, String periodOfStay, LocalDate stayUntil, String workPermission) {
	}

	/**
	 * Facts of the record an operator is correcting (an error reported, evidence being checked): credentials that
	 * carry them wait until it is closed.
	 * @param facts some of {@code name}, {@code birthDate}, {@code sex}, {@code address}, {@code nationality},
	 *     {@code residence}
	 */
	public record Correction(List<String> facts, LocalDate openedOn) {

		public Correction {
			facts = List.copyOf(facts);
		}

	}

	/** Identity evidence: document type, verification method, and who verified it. */
	public record Evidence(String type, String method, String verifiedBy) {
	}

}
