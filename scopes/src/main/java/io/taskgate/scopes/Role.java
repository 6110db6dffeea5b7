package io.taskgate.scopes;

import java.util.List;
import java.util.Objects;

/**
 * A role: whoever holds {@code assume:<roleId>} also holds {@code scopes}. A roleId ending in
 * {@code *} makes a star role, whose scopes may use {@code <..>} for the part of the input that
 * matched the star.
 */
public record Role(String roleId, List<String> scopes) {

    public Role {
        Objects.requireNonNull(roleId, "roleId");
        scopes = List.copyOf(scopes);
    }

    /** Convenience constructor. */
    public static Role of(String roleId, String... scopes) {
        return new Role(roleId, List.of(scopes));
    }
}
