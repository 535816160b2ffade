-- Eligibility checks at the clinic: a one-time challenge per check (its SHA-256 only), bound to the clinic that
-- asked for it; each check's outcome (without the coverage itself, which stays with the insurer's record); and the
-- consents a patient gave a clinic, in the same step, to see their medication and check-up history.
CREATE TABLE eligibility_challenge (
  challenge_hash  BYTEA NOT NULL PRIMARY KEY,
  clinic_id       UUID NOT NULL,
  created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at      TIMESTAMP WITH TIME ZONE NOT NULL,
  used_at         TIMESTAMP WITH TIME ZONE
);
CREATE INDEX eligibility_challenge_by_expiry ON eligibility_challenge (expires_at);

CREATE TABLE eligibility_check (
  id             UUID NOT NULL PRIMARY KEY,
  clinic_id      UUID NOT NULL,
  resident_id    UUID NOT NULL REFERENCES resident (id),
  method         VARCHAR(16) NOT NULL,
  outcome        VARCHAR(32) NOT NULL,
  checked_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX eligibility_check_by_resident ON eligibility_check (resident_id);

CREATE TABLE clinic_consent (
  resident_id   UUID NOT NULL REFERENCES resident (id),
  clinic_id     UUID NOT NULL,
  item          VARCHAR(32) NOT NULL,
  given_at      TIMESTAMP WITH TIME ZONE NOT NULL,
  withdrawn_at  TIMESTAMP WITH TIME ZONE,
  PRIMARY KEY (resident_id, clinic_id, item)
);
