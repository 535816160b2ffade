package org.tsunagu.eligibility;

import java.time.Instant;
import java.util.UUID;

/**
 * An insurer was shown that one of its members is also covered by other insurers (their names and numbers, nothing
 * else of their records): published in the transaction of the listing, so that the person's log says who learned it.
 *
 * @param insurerName the insurer shown the overlap, as registered
 * @param insurerNumber its number
 * @param others the other insurers' names and numbers, as the insurer saw them
 */
public record CoverageOverlapShown(UUID residentId, String insurerName, String insurerNumber, String memberKey,
		String others, Instant at) {
}
