package io.taskgate.server.identity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A person who signs in with a password: a username, a display name, groups, an enabled flag, and
 * the password's Argon2id hash (empty when none is set). {@link #toString} never shows the hash.
 *
 * @param passwordChanged when the password was last set; a remembered verification older than
 *     this no longer counts
 */
public record User(String username, String displayName, List<String> groups, boolean enabled, Optional<String> passwordHash,
        Instant created, Instant lastModified, Instant passwordChanged) {

    /** The identity provider name in a user's login identity: {@code assume:login-identity:local/<username>}. */
    public static final String PROVIDER = "local";

    public User {
        Objects.requireNonNull(username, "username");
        groups = List.copyOf(groups);
    }

    /** The user as a login identity: {@code local/<username>}, with their groups. */
    public io.taskgate.server.login.LoginIdentity loginIdentity() {
        return new io.taskgate.server.login.LoginIdentity(PROVIDER, username, groups);
    }

    /** The scopes the user holds before role expansion: the login identity and one per group. */
    public List<String> identityScopes() {
        return loginIdentity().scopes();
    }

    @Override
    public String toString() {
        return "User[" + username + ", groups=" + groups + ", enabled=" + enabled + ", passwordHash=(hidden)]";
    }
}
