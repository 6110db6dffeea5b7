package io.taskgate.server.identity;

import java.time.Instant;

/** One change to a client, a role or a user: who made it, what it was, and when. */
public record Audit(String entityType, String entityId, String clientId, String action, Instant at) {

    public static Audit ofClient(String clientId, String by, String action, Instant at) {
        return new Audit("client", clientId, by, action, at);
    }

    public static Audit ofUser(String username, String by, String action, Instant at) {
        return new Audit("user", username, by, action, at);
    }

    public static Audit ofRole(String roleId, String by, String action, Instant at) {
        return new Audit("role", roleId, by, action, at);
    }
}
