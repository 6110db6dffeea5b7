package io.taskgate.server.login;

import io.taskgate.server.identity.Audit;
import io.taskgate.server.identity.RoleStore;
import io.taskgate.server.identity.StoredRole;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Taskcluster's convention that people manage their own clients: the parameterized role
 * {@code login-identity:*} lets each login identity create, update, delete and reset clients named
 * {@code <identity>/…}. {@link OwnedClientScanner} keeps such clients within their owner's scopes.
 */
public final class LoginIdentityRole {

    public static final String ROLE_ID = "login-identity:*";
    public static final List<String> SCOPES = List.of("auth:create-client:<..>/*", "auth:delete-client:<..>/*",
            "auth:update-client:<..>/*", "auth:reset-access-token:<..>/*");

    private LoginIdentityRole() {}

    /** Creates the role when it is missing; a role an administrator has changed is left as it is. True if created. */
    public static boolean ensure(RoleStore roles, Clock clock) {
        if (roles.get(ROLE_ID).isPresent()) {
            return false;
        }
        Instant now = clock.instant();
        roles.create(new StoredRole(ROLE_ID, SCOPES, "Login identities may manage clients named after themselves", now, now),
                Audit.ofRole(ROLE_ID, "login-service", "created", now));
        return true;
    }
}
