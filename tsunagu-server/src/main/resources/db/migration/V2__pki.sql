-- The CA hierarchy's certificates; the keys stay in the key store (PKCS#12 file or PKCS#11 token).
CREATE TABLE ca_certificate (
  name       VARCHAR(64) NOT NULL PRIMARY KEY,
  role       VARCHAR(16) NOT NULL,
  key_alias  VARCHAR(64) NOT NULL,
  keystore   VARCHAR(16) NOT NULL,
  der        BYTEA NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- A resident's card: a pair of certificates (authentication, signing) and the card's state.
CREATE TABLE card (
  id          UUID NOT NULL PRIMARY KEY,
  resident_id UUID NOT NULL REFERENCES resident (id),
  status      VARCHAR(16) NOT NULL,
  created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX card_by_resident ON card (resident_id);

-- Every certificate ever issued to a card; revocation sets revoked_at and the RFC 5280 reason.
CREATE TABLE card_certificate (
  serial            VARCHAR(40) NOT NULL PRIMARY KEY,
  card_id           UUID NOT NULL REFERENCES card (id),
  kind              VARCHAR(16) NOT NULL,
  issuer            VARCHAR(64) NOT NULL,
  not_before        TIMESTAMP WITH TIME ZONE NOT NULL,
  not_after         TIMESTAMP WITH TIME ZONE NOT NULL,
  public_key_hash   BYTEA NOT NULL UNIQUE,
  der               BYTEA NOT NULL,
  issued_at         TIMESTAMP WITH TIME ZONE NOT NULL,
  revoked_at        TIMESTAMP WITH TIME ZONE,
  revocation_reason VARCHAR(32)
);
CREATE INDEX card_certificate_by_card ON card_certificate (card_id);
CREATE INDEX card_certificate_revoked ON card_certificate (issuer, revoked_at);

-- One-time PIN reset codes an operator gives a resident whose card PIN locked; only a hash is kept.
CREATE TABLE card_pin_reset (
  code_hash  BYTEA NOT NULL PRIMARY KEY,
  card_id    UUID NOT NULL REFERENCES card (id),
  slot       VARCHAR(8) NOT NULL,
  expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
  used_at    TIMESTAMP WITH TIME ZONE
);
