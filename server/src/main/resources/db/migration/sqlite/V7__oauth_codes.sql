-- Authorization codes of the authorization code flow (RFC 6749 §4.1), each bound to the app, the
-- exact redirect URI, the PKCE challenge, the person (provider, name, groups as a JSON array) and
-- the scopes granted. Only the code's SHA-256 is stored, so a copy of the store redeems nothing.
-- A code is marked `used` when redeemed, and names the client made from it, so that a replayed
-- code revokes that client (RFC 6749 §10.5). Rows go a day after they expire. Times are epoch ms.
CREATE TABLE oauth_codes (
    code_hash      TEXT    NOT NULL PRIMARY KEY,
    app_id         TEXT    NOT NULL,
    redirect_uri   TEXT    NOT NULL,
    code_challenge TEXT    NOT NULL,
    provider       TEXT    NOT NULL,
    name           TEXT    NOT NULL,
    groups         TEXT    NOT NULL,
    scopes         TEXT    NOT NULL,
    expires        INTEGER NOT NULL,
    used           INTEGER,
    issued_client  TEXT
);
CREATE INDEX oauth_codes_by_expiry ON oauth_codes (expires);
