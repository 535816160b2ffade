package org.tsunagu.credentials;

import java.time.Instant;
import java.util.UUID;

/**
 * Credentials were issued into a person's wallet: published in the transaction of the issuance.
 *
 * @param credential the credential's name in English, as the issuer's metadata displays it
 * @param copies how many one-time copies were issued at once
 */
public record CredentialIssued(UUID residentId, String credential, int copies, Instant at) {
}
