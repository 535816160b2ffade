package org.tsunagu.operator;

import java.util.Set;

/**
 * Issues operator bearer credentials. Only a hash of each token is stored; the token itself is returned once.
 */
public interface OperatorCredentials {

	/**
	 * Creates a credential and returns its token, which is shown only this once.
	 * @param name a label for the operator or system that holds it (not personal data)
	 * @param roles what it may do
	 */
	IssuedToken issue(String name, Set<OperatorRole> roles);

	/** The live credential a token belongs to, if any (for the console's sign-in). */
	java.util.Optional<Holder> authenticate(String token);

	/** Who holds a credential and what it may do. */
	record Holder(String name, Set<OperatorRole> roles) {
	}

	/** A freshly issued token; {@link #toString()} does not show it. */
	record IssuedToken(String name, String token) {

		@Override
		public String toString() {
			return "IssuedToken[name=" + this.name + ", token=redacted]";
		}

	}

}
