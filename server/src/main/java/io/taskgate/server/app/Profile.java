package io.taskgate.server.app;

import io.taskgate.server.authn.AuthMethods;
import io.taskgate.server.authn.AuthMethods.Method;
import java.util.EnumSet;
import java.util.Locale;

/**
 * The auth-mode profiles of Camunda's support matrix: which methods are on unless configured
 * otherwise, and whether the development conveniences are made.
 */
public enum Profile {
    /** Everything on; {@code demo}/{@code demo} and anonymous access with {@code *}. Never for production. */
    DEV(EnumSet.allOf(Method.class)),
    /** Basic, sessions, Bearer and Hawk; nothing open beyond what the {@code anonymous} role grants. */
    DEFAULT(EnumSet.of(Method.BASIC, Method.SESSION, Method.BEARER, Method.HAWK)),
    /** Only Bearer (ours and external issuers') and Hawk: no passwords at all. */
    OIDC(EnumSet.of(Method.BEARER, Method.HAWK));

    private final EnumSet<Method> methods;

    Profile(EnumSet<Method> methods) {
        this.methods = methods;
    }

    public AuthMethods methods() {
        return new AuthMethods(methods);
    }

    /** @throws IllegalArgumentException naming the choices */
    public static Profile parse(String name) {
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--profile must be dev, default or oidc");
        }
    }
}
