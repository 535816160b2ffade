package org.tsunagu.organisation.internal;

import java.util.Map;

import org.tsunagu.organisation.Organisation;

/** An organisation's registration as sent: kind, names, identifier, public keys, and an agency's endpoint. */
public record OrganisationForm(String kind, Organisation.Names name, String identifier, Map<String, Object> jwks,
		String endpoint) {
}
