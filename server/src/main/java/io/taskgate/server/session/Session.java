package io.taskgate.server.session;

import java.time.Instant;

/**
 * A signed-in user's session as stored: the hashes of its id and CSRF token, whose it is, when it
 * began, when it was last used, and when it ends whatever happens (the absolute lifetime).
 */
public record Session(String idHash, String username, String csrfHash, Instant created, Instant lastSeen, Instant expires) {

    /** The same session, used at {@code when}. */
    public Session seen(Instant when) {
        return new Session(idHash, username, csrfHash, created, when, expires);
    }
}
