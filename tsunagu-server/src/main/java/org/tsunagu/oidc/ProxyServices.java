package org.tsunagu.oidc;

import java.util.List;
import java.util.Optional;

/**
 * What registered services declared about proxies: whether one lets a proxy sign in for someone else at all, and
 * whether the law lets a 15-year-old use it alone (so that a child's legal representative no longer acts for them
 * there from their 15th birthday).
 */
public interface ProxyServices {

	/** A service's terms, or empty when no service has this client id. */
	Optional<Terms> terms(String clientId);

	/** Every service that accepts proxies, for a person choosing whom to mandate where. */
	List<Terms> acceptingProxies();

	/** The person scopes a service may be registered for: what a delegation may let a proxy release. */
	java.util.Set<String> personScopes();

	/**
	 * @param scopes the person scopes the service is registered for
	 */
	record Terms(String clientId, String nameEn, String nameJa, boolean acceptsProxies, boolean minorsAloneFrom15,
			java.util.Set<String> scopes) {
	}

}
