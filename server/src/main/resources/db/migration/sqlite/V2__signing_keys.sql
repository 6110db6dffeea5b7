-- The token issuer's signing keys. The private JWK is sealed with the master key. Exactly one key
-- has no `retired` time: it signs. A retired key stays published until `publish_until`, after
-- every token it signed has expired, and is then deleted.
CREATE TABLE signing_keys (
    kid           TEXT    NOT NULL PRIMARY KEY,
    algorithm     TEXT    NOT NULL,
    private_jwk   BLOB    NOT NULL,
    created       INTEGER NOT NULL,
    retired       INTEGER,
    publish_until INTEGER
);

