package org.tsunagu.registry;

import java.util.Optional;
import java.util.UUID;

/** The registry as other modules see it: read-only facts about a resident, by opaque id. */
public interface Residents {

	Optional<ResidentFacts> find(UUID residentId);

	/** The resident a source system (a municipality's register, a migration) knows by this reference. */
	Optional<UUID> findByExternalReference(String reference);

}
