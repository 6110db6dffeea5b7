package io.taskgate.server.app;

import io.taskgate.server.authn.AuthMethods;
import io.taskgate.server.identity.Audit;
import io.taskgate.server.identity.Passwords;
import io.taskgate.server.identity.RoleStore;
import io.taskgate.server.identity.StoredRole;
import io.taskgate.server.identity.User;
import io.taskgate.server.identity.UserStore;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import io.taskgate.scopes.ScopeSet;
import io.taskgate.server.identity.UserDirectory;

/**
 * What the dev profile makes at start, when missing: the user {@code demo}/{@code demo} in group
 * {@code admin}, the role {@code group:admin} granting {@code *}, and (while the {@code none}
 * method is on) the role {@code anonymous} granting {@code *}. Nothing that exists is changed.
 */
final class DevProfile {

    static final String DEMO = "demo";

    private DevProfile() {}

    static void setUp(RoleStore roles, UserStore users, Passwords passwords, AuthMethods methods, Clock clock, PrintStream console) {
        Instant now = clock.instant();
        role(roles, "group:admin", "dev profile: administrators", now);
        if (methods.on(AuthMethods.Method.NONE)) {
            role(roles, "anonymous", "dev profile: everyone, signed in or not", now);
        }
        if (users.get(DEMO).isEmpty()) {
            users.create(new User(DEMO, "Demo", List.of("admin"), true, Optional.of(passwords.hash(DEMO)), now, now, now),
                    Audit.ofUser(DEMO, "dev-profile", "created", now));
        }
        console.println("Dev profile: user demo/demo is an admin" + (methods.on(AuthMethods.Method.NONE)
                ? ", and anonymous requests have every scope" : "") + ". Never run it where others can reach it.");
    }

    /**
     * Refuses to start a server whose store still holds the dev profile's conveniences while they
     * are not wanted: an {@code anonymous} role that grants {@code *} with anonymous access off, or
     * {@code demo}/{@code demo} outside the dev profile. Either would be a silent pass.
     *
     * @throws IllegalStateException saying what to remove
     */
    static void refuseLeftovers(Profile profile, AuthMethods methods, Function<List<String>, ScopeSet> expand, UserDirectory users,
            Passwords passwords) {
        if (!methods.on(AuthMethods.Method.NONE) && expand.apply(List.of("assume:anonymous")).containsLiterally("*")) {
            throw new IllegalStateException("the role 'anonymous' grants '*' (the dev profile makes it) but anonymous access ('none')"
                    + " is off: delete or narrow the role 'anonymous' first, or run with --profile dev");
        }
        if (profile != Profile.DEV) {
            users.get(DEMO).filter(User::enabled).flatMap(User::passwordHash).filter(hash -> passwords.verify(DEMO, hash)).ifPresent(h -> {
                throw new IllegalStateException("the user demo still has the password demo (the dev profile makes it): delete the user"
                        + " or change its password first, or run with --profile dev");
            });
        }
    }

    private static void role(RoleStore roles, String roleId, String description, Instant now) {
        if (roles.get(roleId).isEmpty()) {
            roles.create(new StoredRole(roleId, List.of("*"), description, now, now), Audit.ofRole(roleId, "dev-profile", "created", now));
        }
    }
}
