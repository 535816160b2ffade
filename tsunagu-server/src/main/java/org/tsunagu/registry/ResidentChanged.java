package org.tsunagu.registry;

import java.time.LocalDate;
import java.util.UUID;

/**
 * A resident's record got a new version through a life event or a number reissue. Carries no personal data.
 *
 * @param residentId the resident's opaque id
 * @param version the new version
 * @param change what happened: {@code address-changed}, {@code name-changed}, {@code died}, {@code emigrated}
 * or {@code number-reissued}
 * @param effectiveDate when it took effect, if the event says
 */
public record ResidentChanged(UUID residentId, int version, String change, LocalDate effectiveDate) {
}
