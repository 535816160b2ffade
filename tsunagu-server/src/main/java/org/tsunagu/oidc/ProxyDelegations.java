package org.tsunagu.oidc;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What this provider asks while a proxy signs in for someone else (implemented by the delegation module): for
 * whom this person may act at this service today, whether a delegation still holds, and whether a person's address
 * is hidden from proxies.
 */
public interface ProxyDelegations {

	/** The live delegations {@code proxyId} holds that cover the service today. */
	List<Delegation> forProxy(UUID proxyId, String clientId);

	/** The delegation, when it still covers this service today; empty once ended, expired or outgrown. */
	Optional<Delegation> live(UUID delegationId, String clientId);

	/** Whether a protection order hides the person's address from every proxy and every service a proxy signs in to. */
	boolean addressHidden(UUID representedId);

	/**
	 * A live delegation: who may act for whom, of which kind, for which claims, until which day.
	 * @param kind {@code legal-representative}, {@code guardian}, {@code power-of-attorney} or {@code mandate}
	 * @param claims the scopes a proxy may release for the person
	 */
	record Delegation(UUID id, UUID representedId, UUID proxyId, String kind, List<String> claims, LocalDate validUntil) {

		public Delegation {
			claims = List.copyOf(claims);
		}

	}

}
