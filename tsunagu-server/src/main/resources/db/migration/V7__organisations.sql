-- Organisations that use the platform's APIs for themselves: health insurers (coverage), clinics (eligibility
-- checks), agencies (data exchange). Each has its own client at the OpenID Provider (relying_party.client_id,
-- client credentials with private_key_jwt); an agency also has the endpoint where it answers exchange requests.
CREATE TABLE organisation (
  id          UUID NOT NULL PRIMARY KEY,
  kind        VARCHAR(16) NOT NULL,
  identifier  VARCHAR(40) NOT NULL,
  name_en     VARCHAR(200) NOT NULL,
  name_ja     VARCHAR(200) NOT NULL,
  client_id   VARCHAR(64) NOT NULL,
  endpoint    VARCHAR(500),
  created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  created_by  VARCHAR(100) NOT NULL,
  CONSTRAINT organisation_kind CHECK (kind IN ('insurer', 'clinic', 'agency')),
  CONSTRAINT organisation_once UNIQUE (kind, identifier),
  CONSTRAINT organisation_client UNIQUE (client_id)
);
