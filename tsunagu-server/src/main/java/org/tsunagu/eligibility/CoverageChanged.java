package org.tsunagu.eligibility;

import java.time.Instant;
import java.util.UUID;

/**
 * An insurer recorded, changed or ended a member's coverage: published in the transaction of the change, so that
 * the transparency log's entry commits with it.
 *
 * @param change {@code recorded}, {@code changed} or {@code ended}
 * @param insurerName the insurer's name as registered
 * @param insurerNumber the insurer's number, its registered id
 */
public record CoverageChanged(UUID residentId, String insurerName, String insurerNumber, String memberKey, int version,
		String change, Instant at) {
}
