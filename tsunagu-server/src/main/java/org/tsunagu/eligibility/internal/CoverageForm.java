package org.tsunagu.eligibility.internal;

import java.math.BigDecimal;
import java.util.List;

/**
 * A member's coverage as an insurer sends it: the identity data the registry links the member with (used for that
 * link and not kept), and the coverage facts a clinic needs. Each covered person, insured or dependant, is a member
 * of their own, under their own member key and branch number; dependants may come with the insured person's
 * coverage, each with their own identity data, and are then recorded as members of their own under the insured's
 * symbol, number and dates.
 *
 * @param relationship {@code insured} (when absent) or {@code dependant}
 * @param branch the two-digit branch number of the person under the symbol and number, when the insurer gives one
 * @param copayRatio the share the patient pays: 0.1, 0.2 or 0.3 (or 0 where public assistance pays it all)
 * @param limitCategory the high-cost care limit category, as the insurer names it
 * @param numberInCredentials whether the insurer lets the symbol, number and branch go into the health insurance
 *     credential in the person's wallet; {@code false} when absent
 */
public record CoverageForm(String individualNumber, Name name, String birthDate, String relationship, String symbol,
		String number, String branch, String validFrom, String validTo, BigDecimal copayRatio, String limitCategory,
		List<Dependant> dependants, Boolean numberInCredentials) {

	/** Whether the insurer allows the number in credentials. */
	public boolean numberAllowedInCredentials() {
		return Boolean.TRUE.equals(this.numberInCredentials);
	}

	/** Never the member's identity data, should a framework's debug logging print the request it read. */
	@Override
	public String toString() {
		return "CoverageForm[redacted]";
	}

	/**
	 * A dependant sent with the insured person: their own member key, identity data and branch number, and their
	 * own co-payment ratio where it differs (a child's, say); the rest is the insured person's.
	 */
	public record Dependant(String memberKey, String individualNumber, Name name, String birthDate, String branch,
			BigDecimal copayRatio) {

		@Override
		public String toString() {
			return "Dependant[redacted]";
		}

	}

	/** The member's name as the insurer holds it, in the person's script and its reading. */
	public record Name(String family, String given, String familyReading, String givenReading) {

		@Override
		public String toString() {
			return "Name[redacted]";
		}

	}

}
