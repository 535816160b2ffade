-- Services that sign people in through the OpenID Provider: what they are, where they may be redirected, their
-- keys for private_key_jwt, and what they may ask for. No client secrets are ever stored.
CREATE TABLE relying_party (
  client_id          VARCHAR(64) NOT NULL PRIMARY KEY,
  name_en            VARCHAR(200) NOT NULL,
  name_ja            VARCHAR(200) NOT NULL,
  kind               VARCHAR(16) NOT NULL,
  sector_identifier  VARCHAR(500) NOT NULL,
  registration       VARCHAR(16000) NOT NULL,
  created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at         TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_by         VARCHAR(100) NOT NULL
);
CREATE INDEX relying_party_by_sector ON relying_party (sector_identifier);
