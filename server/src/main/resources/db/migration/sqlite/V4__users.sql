-- Users: people who sign in with a password (HTTP Basic, cookie sessions). The password is kept as
-- an Argon2id hash in PHC form; NULL when none is set. Groups are a JSON array.
CREATE TABLE users (
    username         TEXT    NOT NULL PRIMARY KEY,
    display_name     TEXT    NOT NULL,
    groups_json      TEXT    NOT NULL,
    enabled          INTEGER NOT NULL,
    password_hash    TEXT,
    created          INTEGER NOT NULL,
    last_modified    INTEGER NOT NULL,
    password_changed INTEGER NOT NULL
);
