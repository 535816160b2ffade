package org.tsunagu.oidc;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A proxy signed in to a service for someone else under a delegation: published with the claims release, so that
 * the act is in the log under both people, the represented person and the proxy.
 */
public record ActedFor(UUID representedId, UUID proxyId, UUID delegationId, String kind, String clientId,
		String serviceName, List<String> scopes, String grantId, Instant at) {
}
