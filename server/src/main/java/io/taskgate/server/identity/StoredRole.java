package io.taskgate.server.identity;

import io.taskgate.scopes.Role;
import java.time.Instant;
import java.util.List;

/** A role as the store keeps it: the role itself, its description, and when it was made and last changed. */
public record StoredRole(String roleId, List<String> scopes, String description, Instant created, Instant lastModified) {

    public StoredRole {
        scopes = List.copyOf(scopes);
    }

    /** The role as the resolver takes it. */
    public Role role() {
        return new Role(roleId, scopes);
    }
}
