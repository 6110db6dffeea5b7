-- At most one active signing key, whatever two nodes do at once.
CREATE UNIQUE INDEX one_active_signing_key ON signing_keys ((retired IS NULL)) WHERE retired IS NULL;
