package org.tsunagu.pki;

import java.util.UUID;

/**
 * A card certificate was issued. No personal data: the serial and the kind say what, the ids say whose.
 *
 * @param kind {@code authentication} or {@code signing}
 * @param serial the certificate's serial number in hexadecimal
 */
public record CertificateIssued(UUID cardId, UUID residentId, String kind, String serial) {
}
