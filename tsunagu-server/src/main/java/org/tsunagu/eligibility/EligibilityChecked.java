package org.tsunagu.eligibility;

import java.time.Instant;
import java.util.UUID;

/**
 * A clinic confirmed a patient's insurance (or found none), and perhaps received the patient's consent to see
 * their medication and check-up history: published in the check's transaction, so that the log's entry commits
 * with it.
 *
 * @param outcome {@code eligible}, {@code no-coverage}, or {@code refused: } and why (a suspended, revoked or long-expired card)
 * @param method how the card holder took part: {@code pin} or {@code face}
 * @param consented the items the patient consented to share with this clinic in this step, space-separated, or empty
 */
public record EligibilityChecked(UUID checkId, UUID residentId, String clinicName, String clinicCode, String outcome,
		String method, String consented, Instant at) {
}
