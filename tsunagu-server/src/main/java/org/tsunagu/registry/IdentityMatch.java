package org.tsunagu.registry;

import java.util.UUID;

/**
 * The registry's answer when another organisation links a person it knows (by individual number, name and birth
 * date) to the registry: the resident, or why not, pointing at the field that does not hold. A refusal says
 * which check failed, never what the registry holds.
 */
public record IdentityMatch(UUID residentId, String pointer, String reason) {

	public static IdentityMatch linked(UUID residentId) {
		return new IdentityMatch(residentId, null, null);
	}

	public static IdentityMatch refused(String pointer, String reason) {
		return new IdentityMatch(null, pointer, reason);
	}

	public boolean isLinked() {
		return this.residentId != null;
	}

}
