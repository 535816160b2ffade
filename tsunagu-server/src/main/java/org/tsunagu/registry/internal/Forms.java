package org.tsunagu.registry.internal;

import java.time.LocalDate;
import java.util.List;

/**
 * The registry's request bodies as they arrive, before any rule is checked. {@link RecordRules} turns them into
 * domain records or names every bad field.
 */
public final class Forms {

	private Forms() {
	}

	/** A name as sent: family and given names in full Unicode, kana readings, the Latin form. */
	public record NameForm(String family, String given, String familyReading, String givenReading, String latin) {
	}

	/** An address as sent, in the parts of the OpenID Connect address claim, with an optional free-form line. */
	public record AddressForm(String country, String postalCode, String region, String locality, String streetAddress,
			String formatted) {
	}

	/** One piece of identity evidence: the document, how it was checked, and by whom. */
	public record EvidenceForm(String type, String method, String verifiedBy) {
	}

	/**
	 * An enrolment, or one line of a bulk import.
	 * @param confirmDifferentPerson the operator checked that a matching record is a different person
	 * @param externalReference the source system's key for the person; makes imports idempotent
	 * @param nationality ISO 3166-1 alpha-2, when the source records it (a foreign resident's residence card does)
	 */
	public record EnrolmentRequest(NameForm name, LocalDate birthDate, String sex, AddressForm address,
			List<EvidenceForm> evidence, Boolean confirmDifferentPerson, String externalReference, String nationality) {

		/** Never the person's data, should a framework's debug logging print the request it read. */
		@Override
		public String toString() {
			return "EnrolmentRequest[redacted]";
		}

	}

	/** A status of residence as sent, from a foreign resident's residence card. */
	public record ResidenceForm(String status, String periodOfStay, LocalDate stayUntil, String workPermission) {
	}

	/**
	 * A life event: {@code address-changed}, {@code name-changed}, {@code residence-changed} (with
	 * {@code residence} and, when it changes or was not recorded, {@code nationality}), {@code correction-opened}
	 * (with the {@code facts} being corrected), {@code correction-closed}, {@code died} or {@code emigrated}.
	 */
	public record LifeEventRequest(String type, LocalDate effectiveDate, LocalDate date, AddressForm address,
			NameForm name, String destinationCountry, ResidenceForm residence, String nationality, List<String> facts) {

		@Override
		public String toString() {
			return "LifeEventRequest[type=" + this.type + ", redacted]";
		}

	}

	/** A lookup by individual number, which travels in the body and never in the URL. */
	public record SearchRequest(String individualNumber) {

		@Override
		public String toString() {
			return "SearchRequest[individualNumber=redacted]";
		}

	}

}
