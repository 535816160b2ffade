package org.tsunagu.oidc.internal;

import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.web.webauthn.api.AuthenticatorTransport;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutableCredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCose;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialType;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;
import org.springframework.stereotype.Component;

/**
 * The passkey owners in {@code passkey_user}: a random user handle per resident; the entity's name is the
 * resident's registry id, which only this provider sees.
 */
@Component
class PasskeyUsers implements PublicKeyCredentialUserEntityRepository {

	private final JdbcClient jdbc;

	private final ProviderKeys keys;

	PasskeyUsers(JdbcClient jdbc, ProviderKeys keys) {
		this.jdbc = jdbc;
		this.keys = keys;
	}

	/** Names handed out and whose resident they stand for, until the user entity is saved under them. */
	private final java.util.Map<String, UUID> named = new java.util.concurrent.ConcurrentHashMap<>();

	/** The name an authenticator keeps for the resident: opaque, stable, derived under the provider's key. */
	String nameOf(UUID residentId) {
		String name = "tsunagu:" + this.keys.pairwiseSubject("urn:tsunagu:passkey", residentId).substring(0, 22);
		if (this.named.size() > 10_000) {
			this.named.clear();
		}
		this.named.put(name, residentId);
		return name;
	}

	/** The resident a passkey user entity stands for. */
	java.util.Optional<UUID> residentOf(PublicKeyCredentialUserEntity user) {
		return this.jdbc.sql("SELECT resident_id FROM passkey_user WHERE id = :id")
			.param("id", user.getId().getBytes())
			.query((rs, n) -> rs.getObject(1, UUID.class))
			.optional();
	}

	@Override
	public PublicKeyCredentialUserEntity findById(Bytes id) {
		return this.jdbc.sql("SELECT id, name, display_name FROM passkey_user WHERE id = :id")
			.param("id", id.getBytes())
			.query(PasskeyUsers::user)
			.optional()
			.orElse(null);
	}

	@Override
	public PublicKeyCredentialUserEntity findByUsername(String username) {
		return this.jdbc.sql("SELECT id, name, display_name FROM passkey_user WHERE name = :name")
			.param("name", username)
			.query(PasskeyUsers::user)
			.optional()
			.orElse(null);
	}

	/** Saves the user entity Spring made for a name {@link #nameOf} gave out, once. */
	@Override
	public void save(PublicKeyCredentialUserEntity user) {
		UUID residentId = this.named.get(user.getName());
		if (residentId == null) {
			throw new IllegalArgumentException("A passkey user's name is one this provider gave out for a resident.");
		}
		if (findById(user.getId()) == null) {
			this.jdbc.sql("""
					INSERT INTO passkey_user (id, resident_id, name, display_name) VALUES (:id, :resident, :name, :display)""")
				.param("id", user.getId().getBytes())
				.param("resident", residentId)
				.param("name", user.getName())
				.param("display", user.getDisplayName() == null ? "Tsunagu" : user.getDisplayName())
				.update();
		}
	}

	@Override
	public void delete(Bytes id) {
		this.jdbc.sql("DELETE FROM passkey_credential WHERE user_id = :id").param("id", id.getBytes()).update();
		this.jdbc.sql("DELETE FROM passkey_user WHERE id = :id").param("id", id.getBytes()).update();
	}

	private static PublicKeyCredentialUserEntity user(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
		return ImmutablePublicKeyCredentialUserEntity.builder()
			.id(new Bytes(rs.getBytes(1)))
			.name(rs.getString(2))
			.displayName(rs.getString(3))
			.build();
	}

}
