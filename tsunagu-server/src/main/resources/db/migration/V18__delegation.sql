-- Acting for someone else (decision 19). A delegation lets a proxy sign in to services for the represented person:
-- a child's legal representative, a guardian or a registered power of attorney (recorded by an operator from the
-- family register, the court's order or the deed, named in evidence), or a mandate the person gives themselves,
-- kept with the CMS signature of their card's signing key over the document they signed.
CREATE TABLE delegation (
  id              UUID NOT NULL PRIMARY KEY,
  represented_id  UUID NOT NULL REFERENCES resident (id),
  proxy_id        UUID NOT NULL REFERENCES resident (id),
  kind            VARCHAR(32) NOT NULL,
  services        VARCHAR(2000) NOT NULL,
  claims          VARCHAR(400) NOT NULL,
  valid_from      DATE NOT NULL,
  valid_until     DATE NOT NULL,
  evidence        VARCHAR(400),
  document        VARCHAR(4000),
  signature       BYTEA,
  status          VARCHAR(24) NOT NULL,
  created_by      VARCHAR(100) NOT NULL,
  created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
  ended_at        TIMESTAMP WITH TIME ZONE,
  end_reason      VARCHAR(40),
  ended_by        VARCHAR(100),
  CONSTRAINT delegation_kind CHECK (kind IN ('legal-representative', 'guardian', 'power-of-attorney', 'mandate')),
  CONSTRAINT delegation_status CHECK (status IN ('awaiting-signature', 'active', 'ended'))
);
CREATE INDEX delegation_by_represented ON delegation (represented_id, status);
CREATE INDEX delegation_by_proxy ON delegation (proxy_id, status);

-- A protection order an operator recorded for a person (a court's order against someone who might harm them): it
-- ends the delegations its respondent holds for the person, and hides the person's address from every proxy.
CREATE TABLE protection_order (
  id             UUID NOT NULL PRIMARY KEY,
  resident_id    UUID NOT NULL REFERENCES resident (id),
  respondent_id  UUID REFERENCES resident (id),
  valid_until    DATE,
  recorded_by    VARCHAR(100) NOT NULL,
  recorded_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX protection_order_by_resident ON protection_order (resident_id);

-- Grants made by a proxy under a delegation: ending the delegation deletes them, and with them every token.
ALTER TABLE oidc_authorization ADD COLUMN delegation_id UUID;
CREATE INDEX oidc_authorization_by_delegation ON oidc_authorization (delegation_id);
