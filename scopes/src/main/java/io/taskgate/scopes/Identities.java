package io.taskgate.scopes;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The identities a scope list asserts, read literally, for backends that must know who the caller
 * is: {@code assume:login-identity:<id>}, {@code assume:group:<g>}, {@code assume:mozilla-user:<email>}
 * and {@code assume:mozilla-group:<g>}.
 *
 * <p>Never decide identity by satisfaction: holding {@code assume:mozilla-user:*} satisfies every
 * user's scope but is nobody's identity. So a value ending in {@code *} is a pattern, not an
 * identity, and is left out.
 */
public record Identities(Set<String> loginIdentities, Set<String> groups, Set<String> mozillaUsers,
        Set<String> mozillaGroups) {

    private static final String LOGIN_IDENTITY = "assume:login-identity:";
    private static final String GROUP = "assume:group:";
    private static final String MOZILLA_USER = "assume:mozilla-user:";
    private static final String MOZILLA_GROUP = "assume:mozilla-group:";

    public Identities {
        loginIdentities = Set.copyOf(loginIdentities);
        groups = Set.copyOf(groups);
        mozillaUsers = Set.copyOf(mozillaUsers);
        mozillaGroups = Set.copyOf(mozillaGroups);
    }

    /** Reads the identity scopes of {@code scopes}, such as the list {@code authenticateHawk} returns. */
    public static Identities of(Collection<String> scopes) {
        Set<String> logins = new LinkedHashSet<>();
        Set<String> groups = new LinkedHashSet<>();
        Set<String> users = new LinkedHashSet<>();
        Set<String> mozGroups = new LinkedHashSet<>();
        for (String scope : scopes) {
            take(scope, LOGIN_IDENTITY, logins);
            take(scope, GROUP, groups);
            take(scope, MOZILLA_USER, users);
            take(scope, MOZILLA_GROUP, mozGroups);
        }
        return new Identities(logins, groups, users, mozGroups);
    }

    private static void take(String scope, String prefix, Set<String> into) {
        if (scope.startsWith(prefix) && scope.length() > prefix.length() && !Scopes.isStar(scope)) {
            into.add(scope.substring(prefix.length()));
        }
    }

    /** True when the list asserts exactly this login identity. */
    public boolean hasLoginIdentity(String identity) {
        return loginIdentities.contains(identity);
    }

    /** True when the list asserts membership of exactly this group. */
    public boolean inGroup(String group) {
        return groups.contains(group);
    }
}
