package org.tsunagu.eligibility;

import java.util.Optional;
import java.util.UUID;

/** What other modules may learn of a person's insurance: the one coverage current today, for their credential. */
public interface InsuranceQualifications {

	/**
	 * The coverage current today, or empty when there is none.
	 * @throws InsuranceQualification.Overlapping when more than one is current
	 */
	Optional<InsuranceQualification> current(UUID residentId);

}
