package org.tsunagu.organisation;

import java.time.Instant;
import java.util.UUID;

/**
 * A registered organisation as other modules and the operator API see it.
 *
 * @param kind {@code insurer}, {@code clinic}, {@code agency} or {@code verifier}
 * @param identifier its number in its own domain: an insurer number, a medical institution code, an agency code
 * @param clientId its client at the OpenID Provider
 * @param endpoint where an agency answers exchange requests; {@code null} for insurers and clinics
 */
public record Organisation(UUID id, String kind, Names name, String identifier, String clientId, String endpoint,
		Instant createdAt) {

	/** The organisation's name in each language the pages speak. */
	public record Names(String en, String ja) {
	}

}
