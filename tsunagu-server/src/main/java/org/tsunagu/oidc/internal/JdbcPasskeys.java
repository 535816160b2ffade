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
 * Passkey credentials in {@code passkey_credential}, for Spring Security's WebAuthn relying-party operations.
 */
@Component
class JdbcPasskeys implements UserCredentialRepository {

	private final JdbcClient jdbc;

	JdbcPasskeys(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public void delete(Bytes id) {
		this.jdbc.sql("DELETE FROM passkey_credential WHERE credential_id = :id").param("id", id.getBytes()).update();
	}

	@Override
	public void save(CredentialRecord record) {
		var params = new java.util.HashMap<String, Object>();
		params.put("id", record.getCredentialId().getBytes());
		params.put("user", record.getUserEntityUserId().getBytes());
		params.put("key", record.getPublicKey().getBytes());
		params.put("count", record.getSignatureCount());
		params.put("uv", record.isUvInitialized());
		params.put("eligible", record.isBackupEligible());
		params.put("state", record.isBackupState());
		params.put("transports", record.getTransports().stream().map(AuthenticatorTransport::getValue).collect(Collectors.joining(",")));
		params.put("attestation", record.getAttestationObject() == null ? null : record.getAttestationObject().getBytes());
		params.put("client", record.getAttestationClientDataJSON() == null ? null : record.getAttestationClientDataJSON().getBytes());
		params.put("label", record.getLabel());
		params.put("created", record.getCreated().atOffset(ZoneOffset.UTC));
		params.put("used", record.getLastUsed().atOffset(ZoneOffset.UTC));
		int updated = this.jdbc.sql("""
				UPDATE passkey_credential SET signature_count = :count, uv_initialized = :uv, backup_state = :state,
				  last_used_at = :used, label = :label WHERE credential_id = :id""").params(params).update();
		if (updated == 0) {
			this.jdbc.sql("""
					INSERT INTO passkey_credential (credential_id, user_id, public_key, signature_count, uv_initialized,
					  backup_eligible, backup_state, transports, attestation_object, client_data_json, label, created_at,
					  last_used_at)
					VALUES (:id, :user, :key, :count, :uv, :eligible, :state, :transports, :attestation, :client, :label,
					  :created, :used)""").params(params).update();
		}
	}

	@Override
	public CredentialRecord findByCredentialId(Bytes credentialId) {
		return this.jdbc.sql("SELECT * FROM passkey_credential WHERE credential_id = :id")
			.param("id", credentialId.getBytes())
			.query(JdbcPasskeys::credential)
			.optional()
			.orElse(null);
	}

	@Override
	public List<CredentialRecord> findByUserId(Bytes userId) {
		return this.jdbc.sql("SELECT * FROM passkey_credential WHERE user_id = :user ORDER BY created_at")
			.param("user", userId.getBytes())
			.query(JdbcPasskeys::credential)
			.list();
	}

	private static CredentialRecord credential(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
		byte[] attestation = rs.getBytes("attestation_object");
		byte[] client = rs.getBytes("client_data_json");
		Set<AuthenticatorTransport> transports = Arrays.stream(rs.getString("transports").split(","))
			.filter((t) -> !t.isEmpty())
			.map(AuthenticatorTransport::valueOf)
			.collect(Collectors.toSet());
		return ImmutableCredentialRecord.builder()
			.credentialType(PublicKeyCredentialType.PUBLIC_KEY)
			.credentialId(new Bytes(rs.getBytes("credential_id")))
			.userEntityUserId(new Bytes(rs.getBytes("user_id")))
			.publicKey(new ImmutablePublicKeyCose(rs.getBytes("public_key")))
			.signatureCount(rs.getLong("signature_count"))
			.uvInitialized(rs.getBoolean("uv_initialized"))
			.backupEligible(rs.getBoolean("backup_eligible"))
			.backupState(rs.getBoolean("backup_state"))
			.transports(transports)
			.attestationObject(attestation == null ? null : new Bytes(attestation))
			.attestationClientDataJSON(client == null ? null : new Bytes(client))
			.label(rs.getString("label"))
			.created(rs.getTimestamp("created_at").toInstant())
			.lastUsed(rs.getTimestamp("last_used_at").toInstant())
			.build();
	}

}
