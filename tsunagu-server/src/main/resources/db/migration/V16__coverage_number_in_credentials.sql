-- Whether the insurer lets the member's symbol, number and branch go into the health insurance credential in the
-- person's wallet (the Health Insurance Act restricts asking for them; each insurer decides). Off unless the insurer
-- says so.
ALTER TABLE coverage ADD COLUMN number_in_credentials BOOLEAN DEFAULT FALSE NOT NULL;
