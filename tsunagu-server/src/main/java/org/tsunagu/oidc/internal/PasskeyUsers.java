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

	PasskeyUsers(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public PublicKeyCredentialUserEntity findById(Bytes id) {
		return this.jdbc.sql("SELECT id, resident_id, display_name FROM passkey_user WHERE id = :id")
			.param("id", id.getBytes())
			.query(PasskeyUsers::user)
			.optional()
			.orElse(null);
	}

	@Override
	public PublicKeyCredentialUserEntity findByUsername(String username) {
		UUID resident;
		try {
			resident = UUID.fromString(username);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
		return this.jdbc.sql("SELECT id, resident_id, display_name FROM passkey_user WHERE resident_id = :resident")
			.param("resident", resident)
			.query(PasskeyUsers::user)
			.optional()
			.orElse(null);
	}

	@Override
	public void save(PublicKeyCredentialUserEntity user) {
		if (findById(user.getId()) == null) {
			this.jdbc.sql("INSERT INTO passkey_user (id, resident_id, display_name) VALUES (:id, :resident, :name)")
				.param("id", user.getId().getBytes())
				.param("resident", UUID.fromString(user.getName()))
				.param("name", user.getDisplayName() == null ? "Tsunagu" : user.getDisplayName())
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
			.name(rs.getObject(2, UUID.class).toString())
			.displayName(rs.getString(3))
			.build();
	}

}
