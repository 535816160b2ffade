package org.tsunagu.delegation;

import java.time.Instant;
import java.util.UUID;

/**
 * A delegation ended, and every grant made under it with it: logged under the represented person with the reason,
 * and under the proxy without it when the reason is a protection order (which the proxy is never shown).
 *
 * @param reason {@code withdrawn}, {@code card-suspended}, {@code card-revoked}, {@code court-order},
 *     {@code protection-order}, {@code died}, {@code stepped-down}
 */
public record DelegationEnded(UUID delegationId, UUID representedId, UUID proxyId, String kind, String reason,
		Instant at) {
}
