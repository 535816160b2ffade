-- Whether a grant's current access token was revoked, beside the sealed grant, so that a protected resource checks
-- a token's liveness with one indexed read instead of opening the sealed grant. NULL on grants stored before this
-- column: those are opened as before.
ALTER TABLE oidc_authorization ADD COLUMN access_token_invalidated BOOLEAN;
