package io.taskgate.scopes;

import java.util.List;

/** A set of roles that cannot be resolved: an invalid role or scope, or a dependency cycle. */
public final class RoleException extends IllegalArgumentException {

    /** What kind of problem, named as Taskcluster names it. */
    public enum Code { InvalidRoleError, InvalidScopeError, DependencyCycleError }

    private final Code code;
    private final List<String> cycle;

    RoleException(Code code, String message, List<String> cycle) {
        super(message);
        this.code = code;
        this.cycle = List.copyOf(cycle);
    }

    static RoleException invalidRole(String message) {
        return new RoleException(Code.InvalidRoleError, message, List.of());
    }

    static RoleException invalidScope(String message) {
        return new RoleException(Code.InvalidScopeError, message, List.of());
    }

    static RoleException cycle(List<String> patterns) {
        return new RoleException(Code.DependencyCycleError,
                "Roles may not contain dependency cycles, found: '" + String.join("' -> '", patterns) + "'", patterns);
    }

    public Code code() {
        return code;
    }

    /** For a cycle, the {@code assume:} patterns along it, first repeated last; otherwise empty. */
    public List<String> cycle() {
        return cycle;
    }
}
