-- Clients, roles and the audit history of changes to them. Times are epoch milliseconds; scopes are
-- JSON arrays; access tokens are sealed with the master key (never stored in the clear).
CREATE TABLE clients (
    client_id            TEXT    NOT NULL PRIMARY KEY,
    description          TEXT    NOT NULL,
    access_token         BLOB    NOT NULL,
    scopes               TEXT    NOT NULL,
    expires              INTEGER NOT NULL,
    created              INTEGER NOT NULL,
    last_modified        INTEGER NOT NULL,
    last_date_used       INTEGER NOT NULL,
    last_rotated         INTEGER NOT NULL,
    delete_on_expiration INTEGER NOT NULL,
    disabled             INTEGER NOT NULL
);

CREATE TABLE roles (
    role_id       TEXT    NOT NULL PRIMARY KEY,
    description   TEXT    NOT NULL,
    scopes        TEXT    NOT NULL,
    created       INTEGER NOT NULL,
    last_modified INTEGER NOT NULL
);

CREATE TABLE audit (
    seq         INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    entity_type TEXT    NOT NULL,
    entity_id   TEXT    NOT NULL,
    client_id   TEXT    NOT NULL,
    action      TEXT    NOT NULL,
    at          INTEGER NOT NULL
);

CREATE INDEX audit_by_entity ON audit (entity_type, entity_id, seq);
