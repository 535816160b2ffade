package org.tsunagu.oidc.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.tsunagu.oidc.ActedFor;
import org.tsunagu.oidc.ProxyDelegations;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.stereotype.Component;

/**
 * Tokens of a proxy acting for someone (RFC 8693 section 4.1): the represented person is the subject, and
 * {@code act} names the proxy by their own pairwise subject for the service, with the delegation's kind and the
 * claims it allows. Every token (the code's and each refresh) is issued only while the delegation still covers the
 * service, and only for claims it allows.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8693#section-4.1">RFC 8693 section 4.1</a>
 */
@Component
class ActingClaims {

	private final ProxyDelegations delegations;

	private final PairwiseSubjects subjects;

	ActingClaims(ProxyDelegations delegations, PairwiseSubjects subjects) {
		this.delegations = delegations;
		this.subjects = subjects;
	}

	/** Refuses a token under a delegation that ended, or for claims it does not allow. */
	void check(JwtEncodingContext context, ResidentAuthentication resident) {
		String clientId = context.getRegisteredClient().getClientId();
		if (this.delegations.live(resident.delegationId(), clientId).isEmpty()) {
			throw new OAuth2AuthenticationException(new OAuth2Error("invalid_grant",
					"The delegation this grant was made under has ended, or no longer covers this service.", null));
		}
		Set<String> allowed = new java.util.HashSet<>(resident.delegationClaims());
		allowed.add("openid");
		if (!allowed.containsAll(context.getAuthorizedScopes())) {
			throw new OAuth2AuthenticationException(new OAuth2Error("access_denied",
					"A proxy releases only the claims the delegation allows.", null));
		}
	}

	/** The {@code act} claim: the proxy's pairwise subject for the service's sector, the kind and the claims. */
	Map<String, Object> act(String sector, ResidentAuthentication resident) {
		Map<String, Object> act = new LinkedHashMap<>();
		act.put("sub", this.subjects.subject(sector, resident.actorId()));
		act.put("delegation_kind", resident.delegationKind());
		act.put("delegation_scope", String.join(" ", resident.delegationClaims()));
		return act;
	}

	/**
	 * The scopes whose claims are released, sorted, as the log records them: for a proxy, not the address of a person
	 * a protection order protects, which userinfo withholds.
	 */
	List<String> released(ResidentAuthentication resident, Set<String> scopes) {
		java.util.TreeSet<String> released = new java.util.TreeSet<>(scopes);
		if (resident.acting() && this.delegations.addressHidden(resident.residentId())) {
			released.remove("address");
		}
		return List.copyOf(released);
	}

	/** The act as the log keeps it, under both people. */
	ActedFor acted(JwtEncodingContext context, ResidentAuthentication resident, String grantId, Instant at) {
		return new ActedFor(resident.residentId(), resident.actorId(), resident.delegationId(), resident.delegationKind(),
				context.getRegisteredClient().getClientId(), context.getRegisteredClient().getClientName(),
				released(resident, context.getAuthorizedScopes()), grantId, at);
	}

}
