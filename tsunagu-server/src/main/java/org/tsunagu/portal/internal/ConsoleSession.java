package org.tsunagu.portal.internal;

import java.io.Serial;
import java.io.Serializable;
import java.util.Set;

/**
 * An operator signed in to the console: the credential's name and roles, and the credential itself, which the
 * console sends to the operator API on the operator's behalf. It stays in the server-side session only, is never
 * written into a page, and the session ends after {@link PageSupport#IDLE_MINUTES} minutes idle.
 */
public record ConsoleSession(String name, Set<String> roles, String credential) implements Serializable {

	@Serial
	private static final long serialVersionUID = 1L;

	static final String ATTRIBUTE = "tsunagu.console";

	public boolean may(String role) {
		return this.roles.contains(role);
	}

	@Override
	public String toString() {
		return "ConsoleSession[name=" + this.name + ", roles=" + this.roles + ", credential=redacted]";
	}

}
