package org.tsunagu.oidc.internal;

import java.io.Serial;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A resident signed in at the provider: who (the registry's id, which never leaves the provider), how
 * ({@code card} or {@code passkey}), the level that sign-in reached, and when. The factor authority carries the
 * time, which Spring Authorization Server reads for {@code auth_time}.
 */
final class ResidentAuthentication extends AbstractAuthenticationToken {

	@Serial
	private static final long serialVersionUID = 1L;

	private final UUID residentId;

	private final String method;

	private final String level;

	private final Instant authenticatedAt;

	/** The proxy acting for {@link #residentId}, or {@code null} when the resident signed in for themselves. */
	private final UUID actorId;

	private final UUID delegationId;

	private final String delegationKind;

	/** The scopes the delegation lets the proxy release, space-separated. */
	private final String delegationClaims;

	ResidentAuthentication(UUID residentId, String method, String level, Instant authenticatedAt) {
		this(residentId, method, level, authenticatedAt, null, null, null, null);
	}

	private ResidentAuthentication(UUID residentId, String method, String level, Instant authenticatedAt, UUID actorId,
			UUID delegationId, String delegationKind, String delegationClaims) {
		super(List.of(new SimpleGrantedAuthority("ROLE_RESIDENT"),
				FactorGrantedAuthority.withAuthority("card".equals(method) ? FactorGrantedAuthority.X509_AUTHORITY
						: FactorGrantedAuthority.WEBAUTHN_AUTHORITY).issuedAt(authenticatedAt).build()));
		this.residentId = residentId;
		this.method = method;
		this.level = level;
		this.authenticatedAt = authenticatedAt;
		this.actorId = actorId;
		this.delegationId = delegationId;
		this.delegationKind = delegationKind;
		this.delegationClaims = delegationClaims;
		setAuthenticated(true);
	}

	/**
	 * This sign-in, turned to act for the represented person under a delegation: the represented person is the
	 * principal (their consent, their claims, their pairwise subject), and the proxy is the actor.
	 */
	ResidentAuthentication actingFor(UUID representedId, UUID delegation, String kind, java.util.Collection<String> claims) {
		UUID actor = this.actorId != null ? this.actorId : this.residentId;
		return new ResidentAuthentication(representedId, this.method, this.level, this.authenticatedAt, actor, delegation,
				kind, String.join(" ", claims));
	}

	/** The proxy's own sign-in, when this one acts for someone; itself otherwise. */
	ResidentAuthentication self() {
		return this.actorId == null ? this
				: new ResidentAuthentication(this.actorId, this.method, this.level, this.authenticatedAt);
	}

	boolean acting() {
		return this.actorId != null;
	}

	UUID actorId() {
		return this.actorId;
	}

	UUID delegationId() {
		return this.delegationId;
	}

	String delegationKind() {
		return this.delegationKind;
	}

	List<String> delegationClaims() {
		return this.delegationClaims == null || this.delegationClaims.isEmpty() ? List.of()
				: List.of(this.delegationClaims.split(" "));
	}

	UUID residentId() {
		return this.residentId;
	}

	/** {@code card} or {@code passkey}. */
	String method() {
		return this.method;
	}

	/** {@code low}, {@code substantial} or {@code high}: the authentication and the identity's assurance together. */
	String level() {
		return this.level;
	}

	Instant authenticatedAt() {
		return this.authenticatedAt;
	}

	/** RFC 8176 methods: a card with its PIN is a smart card and a PIN; a passkey is a hardware-bound key. */
	List<String> amr() {
		return "card".equals(this.method) ? List.of("sc", "pin", "mfa") : List.of("hwk", "user");
	}

	@Override
	public Object getCredentials() {
		return "";
	}

	@Override
	public Object getPrincipal() {
		return this.residentId.toString();
	}

	@Override
	public String getName() {
		return this.residentId.toString();
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof ResidentAuthentication that && that.residentId.equals(this.residentId)
				&& that.method.equals(this.method) && that.authenticatedAt.equals(this.authenticatedAt)
				&& java.util.Objects.equals(that.actorId, this.actorId)
				&& java.util.Objects.equals(that.delegationId, this.delegationId);
	}

	@Override
	public int hashCode() {
		return this.residentId.hashCode();
	}

}
