package org.tsunagu.delegation;

import java.time.Instant;
import java.util.UUID;

/**
 * A delegation took effect (an operator's record, or a mandate once its signature was checked): logged under both
 * people, the represented person and the proxy.
 */
public record DelegationRecorded(UUID delegationId, UUID representedId, UUID proxyId, String kind, String by,
		Instant at) {
}
