-- Passkeys (WebAuthn) a resident registered after signing in with the card. The user handle is random and the name
-- the authenticator keeps is an opaque handle derived under the provider's key: neither the registry id nor the
-- individual number leaves the provider.
CREATE TABLE passkey_user (
  id            BYTEA NOT NULL PRIMARY KEY,
  resident_id   UUID NOT NULL UNIQUE REFERENCES resident (id),
  name          VARCHAR(100) NOT NULL UNIQUE,
  display_name  VARCHAR(200) NOT NULL
);

CREATE TABLE passkey_credential (
  credential_id       BYTEA NOT NULL PRIMARY KEY,
  user_id             BYTEA NOT NULL REFERENCES passkey_user (id),
  public_key          BYTEA NOT NULL,
  signature_count     BIGINT NOT NULL,
  uv_initialized      BOOLEAN NOT NULL,
  backup_eligible     BOOLEAN NOT NULL,
  backup_state        BOOLEAN NOT NULL,
  transports          VARCHAR(200) NOT NULL,
  attestation_object  BYTEA,
  client_data_json    BYTEA,
  label               VARCHAR(100) NOT NULL,
  created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
  last_used_at        TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX passkey_credential_by_user ON passkey_credential (user_id);
