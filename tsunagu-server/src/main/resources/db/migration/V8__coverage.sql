-- Health insurance coverage, one row per member key of each insurer (the insurer's own key for the person). The
-- member is linked once to a resident by the registry; the individual number the insurer sent for that link is
-- not stored here. Ending coverage deletes the row; the transparency log keeps that it happened.
CREATE TABLE coverage (
  insurer_id      UUID NOT NULL,
  member_key      VARCHAR(64) NOT NULL,
  resident_id     UUID NOT NULL REFERENCES resident (id),
  relationship    VARCHAR(16) NOT NULL,
  symbol          VARCHAR(80) NOT NULL,
  number          VARCHAR(80) NOT NULL,
  branch          VARCHAR(2),
  valid_from      DATE NOT NULL,
  valid_to        DATE,
  copay_ratio     DECIMAL(2, 1) NOT NULL,
  limit_category  VARCHAR(64) NOT NULL,
  version         INT NOT NULL,
  created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (insurer_id, member_key),
  CONSTRAINT coverage_relationship CHECK (relationship IN ('insured', 'dependant'))
);
CREATE INDEX coverage_by_resident ON coverage (resident_id);
