package io.taskgate.server.authn;

import io.taskgate.hawk.HawkAuthenticator;
import io.taskgate.scopes.ScopeSet;
import io.taskgate.server.identity.User;
import io.taskgate.server.login.LoginIdentity;
import java.util.Collection;
import java.util.function.Function;
import java.time.Instant;
import java.util.Optional;

/**
 * Who a request comes from, after authentication: a clientId (empty for anonymous requests), the
 * expanded scopes that decide access, when the credentials expire, and the Hawk payload hash sent.
 */
public record Principal(Optional<String> clientId, ScopeSet scopes, Instant expires, Optional<String> hash, String scheme) {

    public static Principal anonymous(ScopeSet scopes, Instant expires) {
        return new Principal(Optional.empty(), scopes, expires, Optional.empty(), "none");
    }

    /** A signed-in local user: their identity and group scopes, with {@code assume:anonymous}, expanded. */
    public static Principal ofUser(User user, Function<Collection<String>, ScopeSet> expand, Instant expires, String scheme) {
        return ofIdentity(user.loginIdentity(), expand, expires, scheme);
    }

    /** A signed-in person: their identity and group scopes, with {@code assume:anonymous}, expanded. */
    public static Principal ofIdentity(LoginIdentity identity, Function<Collection<String>, ScopeSet> expand, Instant expires,
            String scheme) {
        return new Principal(Optional.of("user:" + identity.identity()), expand.apply(HawkAuthenticator.withAnonymous(identity.scopes())),
                expires, Optional.empty(), scheme);
    }

    public boolean isAnonymous() {
        return clientId.isEmpty();
    }
}
