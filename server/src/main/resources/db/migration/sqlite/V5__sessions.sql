-- Cookie sessions. Only SHA-256 hashes of the session id and of its CSRF token are stored, so a
-- copy of the store gives no usable cookie. Times are epoch milliseconds.
CREATE TABLE sessions (
    id_hash    TEXT    NOT NULL PRIMARY KEY,
    username   TEXT    NOT NULL,
    csrf_hash  TEXT    NOT NULL,
    created    INTEGER NOT NULL,
    last_seen  INTEGER NOT NULL,
    expires    INTEGER NOT NULL
);
CREATE INDEX sessions_by_expiry ON sessions (expires);
