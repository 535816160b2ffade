package org.tsunagu.credentials;

import java.time.Instant;
import java.util.UUID;

/**
 * A person's credentials were revoked in their status lists, because of what the registry or the CA recorded.
 *
 * @param count how many credentials (each copy counts)
 * @param reason why: {@code card-revoked}, {@code card-suspended}, {@code died}, {@code emigrated},
 * {@code name-changed}, {@code address-changed}
 */
public record CredentialsRevoked(UUID residentId, int count, String reason, Instant at) {
}
