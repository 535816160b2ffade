-- Verifiable credentials (OpenID4VCI, SD-JWT VC, Token Status List). The issuer keeps no credential and none of
-- the claims in one: only what revocation needs (whose it is, which status list entry), and offers and nonces
-- by their hashes.

-- A credential offer with the pre-authorized code grant: the code and the transaction code as SHA-256 only.
CREATE TABLE credential_offer (
  id             VARCHAR(43) NOT NULL PRIMARY KEY,
  resident_id    UUID NOT NULL REFERENCES resident (id),
  configurations VARCHAR(400) NOT NULL,
  code_hash      VARCHAR(64) NOT NULL UNIQUE,
  tx_code_hash   VARCHAR(64) NOT NULL,
  failed_tries   INT NOT NULL,
  sign_in_method VARCHAR(16) NOT NULL,
  sign_in_level  VARCHAR(16) NOT NULL,
  signed_in_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at     TIMESTAMP WITH TIME ZONE NOT NULL,
  ended_at       TIMESTAMP WITH TIME ZONE,
  end_reason     VARCHAR(16)
);
CREATE INDEX credential_offer_by_resident ON credential_offer (resident_id);

-- Nonces for proofs of possession (the nonce endpoint): each one used once, shared by every node.
CREATE TABLE credential_nonce (
  nonce_hash VARCHAR(64) NOT NULL PRIMARY KEY,
  expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Status lists (1 bit per credential); entries are handed out at random so that an index tells nothing of when.
CREATE TABLE credential_status_list (
  id         INT NOT NULL PRIMARY KEY,
  size       INT NOT NULL,
  used       INT NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Each credential issued (each copy of a batch on its own): whose, of which configuration, its status entry.
CREATE TABLE issued_credential (
  id             UUID NOT NULL PRIMARY KEY,
  resident_id    UUID NOT NULL REFERENCES resident (id),
  configuration  VARCHAR(40) NOT NULL,
  status_list    INT NOT NULL REFERENCES credential_status_list (id),
  status_index   INT NOT NULL,
  issued_at      TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at     TIMESTAMP WITH TIME ZONE NOT NULL,
  revoked_at     TIMESTAMP WITH TIME ZONE,
  revoked_reason VARCHAR(40),
  UNIQUE (status_list, status_index)
);
CREATE INDEX issued_credential_by_resident ON issued_credential (resident_id, configuration);
CREATE INDEX issued_credential_revoked ON issued_credential (status_list, revoked_at);
