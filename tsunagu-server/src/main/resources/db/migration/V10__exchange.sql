-- The exchange hub. Each agency knows a person only by its own code, given once when the agency links the person
-- (HMAC of the agency and the resident under the hub's key; the table is what the hub translates with). The
-- legal-basis table says which agency may receive which item from which agency for which purpose, under which
-- provision, from when to when. Every request is kept as it was signed: the requester's JWS, the hub's JWS to the
-- provider, the provider's signed answer and the hub's signed result, with the outcome of each attempt.
CREATE TABLE exchange_code (
  agency_id    UUID NOT NULL,
  resident_id  UUID NOT NULL REFERENCES resident (id),
  code         VARCHAR(64) NOT NULL,
  linked_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (agency_id, resident_id),
  CONSTRAINT exchange_code_once UNIQUE (agency_id, code)
);

CREATE TABLE exchange_rule (
  id            UUID NOT NULL PRIMARY KEY,
  requester_id  UUID NOT NULL,
  provider_id   UUID NOT NULL,
  item          VARCHAR(64) NOT NULL,
  purpose       VARCHAR(64) NOT NULL,
  provision     VARCHAR(500) NOT NULL,
  valid_from    DATE NOT NULL,
  valid_to      DATE,
  created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  created_by    VARCHAR(100) NOT NULL
);
CREATE INDEX exchange_rule_by_pair ON exchange_rule (requester_id, provider_id, item, purpose);

CREATE TABLE exchange_request (
  id               UUID NOT NULL PRIMARY KEY,
  requester_id     UUID NOT NULL,
  request_id       VARCHAR(100) NOT NULL,
  body_hash        BYTEA NOT NULL,
  resident_id      UUID REFERENCES resident (id),
  provider_id      UUID NOT NULL,
  item             VARCHAR(64) NOT NULL,
  purpose          VARCHAR(64) NOT NULL,
  rule_id          UUID,
  outcome          VARCHAR(16) NOT NULL,
  failure          VARCHAR(64),
  attempts         INT NOT NULL,
  result_jws       VARCHAR(400000),
  log_event_key    VARCHAR(200),
  created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
  attempted_at     TIMESTAMP WITH TIME ZONE NOT NULL,
  completed_at     TIMESTAMP WITH TIME ZONE,
  CONSTRAINT exchange_request_outcome CHECK (outcome IN ('pending', 'answered', 'refused', 'failed')),
  CONSTRAINT exchange_request_once UNIQUE (requester_id, request_id)
);

CREATE INDEX exchange_request_pending ON exchange_request (outcome, attempted_at);

CREATE TABLE exchange_attempt (
  exchange_id      UUID NOT NULL REFERENCES exchange_request (id),
  attempt          INT NOT NULL,
  outcome          VARCHAR(16) NOT NULL,
  failure          VARCHAR(64),
  request_jws      VARCHAR(20000) NOT NULL,
  hub_request_jws  VARCHAR(20000),
  response_jws     VARCHAR(300000),
  log_event_key    VARCHAR(200) NOT NULL,
  completed_at     TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (exchange_id, attempt)
);
