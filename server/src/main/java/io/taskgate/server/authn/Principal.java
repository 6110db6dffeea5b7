package io.taskgate.server.authn;

import io.taskgate.scopes.ScopeSet;
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

    public boolean isAnonymous() {
        return clientId.isEmpty();
    }
}
