-- Sessions of people signed in through an outside source (LDAP, an upstream OIDC provider) carry
-- the provider and the groups the source vouched for at sign-in; local users' groups are read live.
ALTER TABLE sessions ADD COLUMN provider TEXT NOT NULL DEFAULT 'local';
ALTER TABLE sessions ADD COLUMN groups TEXT NOT NULL DEFAULT '[]';

-- Everyone who has signed in at the login pages, with what their source last said of them: the
-- scanner of login-identity clients judges outside identities by it.
CREATE TABLE login_identities (
    identity   TEXT    NOT NULL PRIMARY KEY,
    provider   TEXT    NOT NULL,
    name       TEXT    NOT NULL,
    groups     TEXT    NOT NULL,
    last_login INTEGER NOT NULL
);

-- Target hosts a person has confirmed at the Access Grant by typing the host's name.
CREATE TABLE login_approved_hosts (
    identity TEXT    NOT NULL,
    host     TEXT    NOT NULL,
    approved INTEGER NOT NULL,
    PRIMARY KEY (identity, host)
);
