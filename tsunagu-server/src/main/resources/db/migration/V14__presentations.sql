-- Verifiers (shops, banks, anyone who asks a wallet for credentials) are organisations too.
ALTER TABLE organisation DROP CONSTRAINT organisation_kind;
ALTER TABLE organisation ADD CONSTRAINT organisation_kind CHECK (kind IN ('insurer', 'clinic', 'agency', 'verifier'));

-- A verifier's presentation request (OpenID4VP): its DCQL query, the nonce and state the wallet must answer, and
-- once answered the claims the query asked for (never more), or why the answer was refused.
CREATE TABLE presentation_request (
  id              VARCHAR(43) NOT NULL PRIMARY KEY,
  request_id      VARCHAR(43) NOT NULL UNIQUE,
  state           VARCHAR(43) NOT NULL UNIQUE,
  organisation_id UUID NOT NULL REFERENCES organisation (id),
  nonce           VARCHAR(43) NOT NULL,
  dcql_query      VARCHAR(8000) NOT NULL,
  status          VARCHAR(16) NOT NULL,
  result          VARCHAR(16000),
  reason          VARCHAR(40),
  created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at      TIMESTAMP WITH TIME ZONE NOT NULL,
  answered_at     TIMESTAMP WITH TIME ZONE
);
CREATE INDEX presentation_request_by_organisation ON presentation_request (organisation_id);
