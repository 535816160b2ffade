package org.tsunagu.operator;

import java.util.Arrays;
import java.util.Optional;

/** What an operator credential allows; the authority name is what HTTP security rules check. */
public enum OperatorRole {

	/** Read residents and import reports. */
	REGISTRY_READ("registry:read"),

	/** Enrol residents, record life events, reissue numbers, import. */
	REGISTRY_WRITE("registry:write"),

	/** Issue cards and manage their lifecycle: suspend, reactivate, revoke, renew. */
	PKI_ISSUE("pki:issue"),

	/** Register and change relying parties of the OpenID Provider. */
	OIDC_ADMIN("oidc:admin"),

	/** Keep the legal-basis table of the exchange hub: which agency may receive which item for which purpose. */
	EXCHANGE_ADMIN("exchange:admin");

	private final String authority;

	OperatorRole(String authority) {
		this.authority = authority;
	}

	public String authority() {
		return this.authority;
	}

	public static Optional<OperatorRole> fromAuthority(String authority) {
		return Arrays.stream(values()).filter((role) -> role.authority.equals(authority)).findFirst();
	}

}
