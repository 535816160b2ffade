-- OpenID4VP's direct_post.jwt: the organisation may ask for the wallet's answer encrypted (JWE, ECDH-ES) to a key
-- made for that one request. Its private part lives only while the request is pending and is cleared when it is
-- answered, declined or refused.
ALTER TABLE presentation_request ADD COLUMN response_mode VARCHAR(16) DEFAULT 'direct_post' NOT NULL;
ALTER TABLE presentation_request ADD COLUMN response_kid VARCHAR(43);
ALTER TABLE presentation_request ADD COLUMN response_key VARCHAR(1000);
CREATE UNIQUE INDEX presentation_request_by_response_kid ON presentation_request (response_kid);
