package org.tsunagu.registry;

import java.util.Optional;
import java.util.UUID;

/** The registry as other modules see it: read-only facts about a resident, by opaque id. */
public interface Residents {

	Optional<ResidentFacts> find(UUID residentId);

	/** The resident a source system (a municipality's register, a migration) knows by this reference. */
	Optional<UUID> findByExternalReference(String reference);

	/**
	 * Links a person another organisation knows to the registry, once, from that organisation's identity data: the
	 * number must be a living resident's current number, the birth date the record's, and the name the record's
	 * (in its own script, or its reading), so that a mistyped number never links the wrong person. The number is
	 * used for this lookup only and kept by no one but the registry.
	 */
	IdentityMatch match(String individualNumber, String familyName, String givenName, String familyReading,
			String givenReading, java.time.LocalDate birthDate);

	/**
	 * The living resident whose current number this is, for an organisation that collected the number lawfully and
	 * hands it over once to be given its own code for the person; a refusal says which check failed.
	 */
	IdentityMatch byNumber(String individualNumber);

}
