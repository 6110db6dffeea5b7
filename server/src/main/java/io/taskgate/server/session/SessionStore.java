package io.taskgate.server.session;

import java.time.Instant;
import java.util.Optional;

/** Where sessions live, so that any node accepts any session. */
public interface SessionStore {

    void create(Session session);

    Optional<Session> get(String idHash);

    /** Records use; callers write this at most once a minute per session. */
    void touch(String idHash, Instant lastSeen);

    void delete(String idHash);

    /** Deletes every session of the local user {@code username}; returns how many. */
    int deleteAllOf(String username);

    /** Deletes sessions idle since before {@code idleBefore} or past their absolute end; returns how many. */
    int deleteExpired(Instant now, Instant idleBefore);
}
