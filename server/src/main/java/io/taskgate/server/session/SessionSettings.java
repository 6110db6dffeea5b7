package io.taskgate.server.session;

import java.time.Duration;

/**
 * How cookie sessions behave: how long one may sit unused, how long one lives at most, and whether
 * unsafe requests authenticated by the cookie must carry the CSRF token.
 */
public record SessionSettings(Duration idleTimeout, Duration lifetime, boolean csrfEnabled) {

    public static final SessionSettings DEFAULTS = new SessionSettings(Duration.ofMinutes(30), Duration.ofHours(8), true);

    public SessionSettings {
        if (idleTimeout.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("TASKGATE_SESSION_IDLE_MINUTES must be at least 1");
        }
        if (lifetime.compareTo(idleTimeout) < 0) {
            throw new IllegalArgumentException("TASKGATE_SESSION_LIFETIME_HOURS must not be shorter than the idle timeout");
        }
    }
}
