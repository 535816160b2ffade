package org.tsunagu.oidc.internal;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.tsunagu.oidc.ProxyDelegations;

/**
 * The choice "for myself or for someone else" in a sign-in: offered once per authorization request when the
 * person holds a live delegation that covers the service (which then accepts proxies), and never kept beyond what
 * a delegation covers: a session acting for someone at a service its delegation does not cover is the proxy's own
 * again.
 */
final class ProxyChoices {

	/** The request_uri the person already chose for, in the session. */
	static final String CHOSEN = "tsunagu.proxy-choice";

	private final ProxyDelegations delegations;

	ProxyChoices(ProxyDelegations delegations) {
		this.delegations = delegations;
	}

	/** The sign-in to go on with: the acting one while its delegation covers the service, else the proxy's own. */
	ResidentAuthentication current(ResidentAuthentication resident, String clientId) {
		if (resident.acting() && this.delegations.live(resident.delegationId(), clientId).isEmpty()) {
			return resident.self();
		}
		return resident;
	}

	/** Whether to ask whom this sign-in is for: a delegation covers the service and no choice was made for it. */
	boolean offer(HttpServletRequest request, ResidentAuthentication resident, String clientId, String requestUri) {
		HttpSession session = request.getSession(false);
		if (session != null && requestUri.equals(session.getAttribute(CHOSEN))) {
			return false;
		}
		return !options(resident, clientId).isEmpty();
	}

	/** The delegations the person (the proxy, when acting already) may act under at this service. */
	List<ProxyDelegations.Delegation> options(ResidentAuthentication resident, String clientId) {
		return this.delegations.forProxy(resident.acting() ? resident.actorId() : resident.residentId(), clientId);
	}

}
