package org.tsunagu.credentials;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An organisation verified a presentation of one of the person's credentials: published in the transaction that
 * records the result, so that the person's log says who learned what.
 *
 * @param verifierName the organisation's name, as registered
 * @param verifierId its identifier
 * @param claims the names of the claims it was given
 */
public record PresentationVerified(UUID residentId, String verifierName, String verifierId, String credential,
		List<String> claims, Instant at) {
}
