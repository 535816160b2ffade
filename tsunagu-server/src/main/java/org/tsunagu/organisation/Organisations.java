package org.tsunagu.organisation;

import java.util.Optional;

/** The organisation registry as other modules see it: who holds a client id. */
public interface Organisations {

	/** The organisation whose client this is, for a token's {@code client_id}. */
	Optional<Organisation> findByClientId(String clientId);

	Optional<Organisation> find(java.util.UUID id);

	/** Registers an organisation as the operator API does (same rules, same client); for the platform's own demo data. */
	Organisation register(String kind, Organisation.Names name, String identifier, java.util.Map<String, Object> jwks,
			String endpoint, String operator);

	/** Every registered agency, for agencies choosing whom to ask. */
	java.util.List<Organisation> agencies();

}
