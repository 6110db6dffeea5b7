package io.taskgate.server.authn;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Which ways of authenticating a server accepts. A method that is off answers 401 with a message
 * that says so, never a silent pass as anonymous.
 *
 * <ul>
 *   <li>{@code none}: requests without credentials get {@code *} through the role {@code anonymous}
 *       (the dev profile makes that role). Without it, they get what that role grants, if anything;
 *   <li>{@code basic}, {@code session}, {@code bearer}, {@code hawk}: the credential kinds.
 * </ul>
 */
public record AuthMethods(Set<Method> enabled) {

    /** One way of authenticating. */
    public enum Method {
        NONE, BASIC, SESSION, BEARER, HAWK;

        String label() {
            return switch (this) {
                case NONE -> "Anonymous access";
                case BASIC -> "Basic authentication";
                case SESSION -> "Cookie sign-in";
                case BEARER -> "Bearer authentication";
                case HAWK -> "Hawk authentication";
            };
        }
    }

    public AuthMethods {
        enabled = Set.copyOf(enabled);
    }

    public static final AuthMethods ALL = new AuthMethods(EnumSet.allOf(Method.class));

    public boolean on(Method method) {
        return enabled.contains(method);
    }

    /** Throws the 401 for a method that is off. */
    public void require(Method method) {
        if (!on(method)) {
            throw io.taskgate.server.http.ApiError.authenticationFailed(method.label() + " is turned off on this server");
        }
    }

    /**
     * Parses a comma-separated list such as {@code basic,bearer,hawk}.
     *
     * @throws IllegalArgumentException naming the unknown method
     */
    public static AuthMethods parse(String list) {
        EnumSet<Method> out = EnumSet.noneOf(Method.class);
        for (String part : list.split(",")) {
            String name = part.strip().toUpperCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            try {
                out.add(Method.valueOf(name));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("TASKGATE_AUTH_METHODS: '" + part.strip()
                        + "' is not a method; use none, basic, session, bearer and hawk");
            }
        }
        return new AuthMethods(out);
    }
}
