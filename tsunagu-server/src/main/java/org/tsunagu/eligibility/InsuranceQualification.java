package org.tsunagu.eligibility;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * A person's current health insurance qualification as the health insurance credential carries it: the insurer,
 * the member's symbol, number and branch only where the insurer allows them in credentials ({@code null}
 * otherwise), the co-payment ratio and the validity.
 *
 * @param insurerNumber the insurer's number (保険者番号)
 * @param validTo the last day, or {@code null} when open-ended
 */
public record InsuranceQualification(String insurerNumber, String insurerNameEn, String insurerNameJa, String symbol,
		String number, String branch, BigDecimal copayRatio, LocalDate validFrom, LocalDate validTo) {

	/** More than one coverage is current: no credential can say which insurer covers the person. */
	public static final class Overlapping extends RuntimeException {

		public Overlapping() {
			super("More than one coverage is current", null, false, false);
		}

	}

}
