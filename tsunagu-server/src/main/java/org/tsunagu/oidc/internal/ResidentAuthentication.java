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

	ResidentAuthentication(UUID residentId, String method, String level, Instant authenticatedAt) {
		super(List.of(new SimpleGrantedAuthority("ROLE_RESIDENT"),
				FactorGrantedAuthority.withAuthority("card".equals(method) ? FactorGrantedAuthority.X509_AUTHORITY
						: FactorGrantedAuthority.WEBAUTHN_AUTHORITY).issuedAt(authenticatedAt).build()));
		this.residentId = residentId;
		this.method = method;
		this.level = level;
		this.authenticatedAt = authenticatedAt;
		setAuthenticated(true);
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
				&& that.method.equals(this.method) && that.authenticatedAt.equals(this.authenticatedAt);
	}

	@Override
	public int hashCode() {
		return this.residentId.hashCode();
	}

}
