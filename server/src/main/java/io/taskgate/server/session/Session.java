package io.taskgate.server.session;

import java.time.Instant;

/**
 * A signed-in user's session as stored: the hashes of its id and CSRF token, whose it is, when it
 * began, when it was last used, and when it ends whatever happens (the absolute lifetime).
 *
 * @param username the name at {@code provider}: a local username, or a name an outside source vouched for
 * @param provider {@code local}, or the outside source that signed the person in
 * @param groups what an outside source said of the person's groups at sign-in; empty for local
 *     users, whose groups are read live
 */
public record Session(String idHash, String username, String csrfHash, Instant created, Instant lastSeen, Instant expires,
        String provider, java.util.List<String> groups) {

    public Session {
        groups = java.util.List.copyOf(groups);
    }

    /** The same session, used at {@code when}. */
    public Session seen(Instant when) {
        return new Session(idHash, username, csrfHash, created, when, expires, provider, groups);
    }
}
