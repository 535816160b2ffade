package org.tsunagu.registry;

import java.util.UUID;

/**
 * A resident was enrolled. Carries no personal data: listeners that need the record read it by id.
 *
 * @param residentId the resident's opaque id
 * @param version always 1
 * @param assuranceLevel the profile's level of assurance, such as {@code IAL3}
 */
public record ResidentEnrolled(UUID residentId, int version, String assuranceLevel) {
}
