package org.tsunagu.oidc;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A sign-in released a resident's claims to a service: which service (its client id and name), which scopes the
 * resident consented to, under which grant. Published when the service exchanges its code for tokens.
 */
public record ClaimsReleased(UUID residentId, String clientId, String serviceName, List<String> scopes, String grantId,
		Instant at) {
}
