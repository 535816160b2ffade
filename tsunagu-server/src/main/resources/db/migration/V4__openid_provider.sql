-- The OpenID Provider's signing keys: published while any token they signed may still be live. The private key is
-- PKCS#8 sealed with AES-GCM under a key derived from the provider's master key; the database alone cannot sign.
CREATE TABLE oidc_signing_key (
  kid              VARCHAR(64) NOT NULL PRIMARY KEY,
  algorithm        VARCHAR(16) NOT NULL,
  public_jwk       VARCHAR(4000) NOT NULL,
  sealed_private   BYTEA NOT NULL,
  created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
  retired_at       TIMESTAMP WITH TIME ZONE,
  published_until  TIMESTAMP WITH TIME ZONE
);

-- Grants in progress and issued: looked up by the SHA-256 of a code or token, never by the value, and the whole
-- authorization sealed with AES-GCM, so that a copy of the database holds no usable code or token.
CREATE TABLE oidc_authorization (
  id                  VARCHAR(100) NOT NULL PRIMARY KEY,
  client_id           VARCHAR(100) NOT NULL,
  principal           VARCHAR(200) NOT NULL,
  grant_type          VARCHAR(64) NOT NULL,
  state_hash          BYTEA,
  code_hash           BYTEA,
  access_token_hash   BYTEA,
  refresh_token_hash  BYTEA,
  id_token_hash       BYTEA,
  sealed              BYTEA NOT NULL,
  expires_at          TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at          TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX oidc_authorization_by_state ON oidc_authorization (state_hash);
CREATE INDEX oidc_authorization_by_code ON oidc_authorization (code_hash);
CREATE INDEX oidc_authorization_by_access ON oidc_authorization (access_token_hash);
CREATE INDEX oidc_authorization_by_refresh ON oidc_authorization (refresh_token_hash);
CREATE INDEX oidc_authorization_by_id_token ON oidc_authorization (id_token_hash);
CREATE INDEX oidc_authorization_by_principal ON oidc_authorization (principal, client_id);
CREATE INDEX oidc_authorization_expiry ON oidc_authorization (expires_at);

-- Client assertions already used (private_key_jwt): a jti is accepted once per client until the assertion expires.
CREATE TABLE oidc_assertion_jti (
  client_id   VARCHAR(100) NOT NULL,
  jti_hash    BYTEA NOT NULL,
  expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (client_id, jti_hash)
);
CREATE INDEX oidc_assertion_jti_expiry ON oidc_assertion_jti (expires_at);

-- Which claims a resident agreed to release to which service; withdrawing keeps the row with withdrawn_at set.
CREATE TABLE oidc_consent (
  resident_id   UUID NOT NULL REFERENCES resident (id),
  client_id     VARCHAR(64) NOT NULL REFERENCES relying_party (client_id),
  scopes        VARCHAR(1000) NOT NULL,
  granted_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  withdrawn_at  TIMESTAMP WITH TIME ZONE,
  PRIMARY KEY (resident_id, client_id)
);

-- Pairwise subject identifiers (OIDC Core 8.1): one per resident and sector, computed by HMAC under the provider's
-- key; stored so that this platform's own APIs can find the resident behind a token's subject.
CREATE TABLE oidc_pairwise_subject (
  sector_identifier  VARCHAR(500) NOT NULL,
  subject            VARCHAR(64) NOT NULL,
  resident_id        UUID NOT NULL REFERENCES resident (id),
  PRIMARY KEY (sector_identifier, subject)
);
CREATE UNIQUE INDEX oidc_pairwise_subject_once ON oidc_pairwise_subject (sector_identifier, resident_id);

-- A sign-in waiting for a card: the login page shows the code, the wallet signs the challenge. Only hashes of the
-- code and of the browser's binding are kept; a pairing is approved once and used once.
CREATE TABLE signin_pairing (
  id               UUID NOT NULL PRIMARY KEY,
  code_hash        BYTEA NOT NULL UNIQUE,
  browser_hash     BYTEA NOT NULL,
  challenge        VARCHAR(64) NOT NULL,
  client_id        VARCHAR(100),
  created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at       TIMESTAMP WITH TIME ZONE NOT NULL,
  approved_at      TIMESTAMP WITH TIME ZONE,
  resident_id      UUID REFERENCES resident (id),
  card_serial      VARCHAR(40),
  used_at          TIMESTAMP WITH TIME ZONE,
  failed_attempts  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX signin_pairing_expiry ON signin_pairing (expires_at);
