-- Deferred issuance (OpenID4VCI section 9): a credential asked for while an operator corrects a fact it carries is
-- issued later, to the holder keys the wallet proved then, from the record as corrected. The transaction id is kept
-- as its SHA-256 only; the holder keys are public keys.
CREATE TABLE credential_deferral (
  transaction_hash VARCHAR(64) NOT NULL PRIMARY KEY,
  resident_id      UUID NOT NULL REFERENCES resident (id),
  configuration    VARCHAR(40) NOT NULL,
  holder_keys      VARCHAR(8000) NOT NULL,
  created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at       TIMESTAMP WITH TIME ZONE NOT NULL,
  delivered_at     TIMESTAMP WITH TIME ZONE
);
CREATE INDEX credential_deferral_by_resident ON credential_deferral (resident_id);
