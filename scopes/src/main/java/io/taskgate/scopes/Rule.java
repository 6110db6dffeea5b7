package io.taskgate.scopes;

import java.util.ArrayList;
import java.util.List;

/**
 * A role compiled for resolution: its key (the roleId without a star role's final {@code *}), its
 * fixed scopes, and for star roles the parameterized scopes split around {@code <..>}. The resolver
 * builder fills in the two precomputed expansions.
 */
final class Rule {

    static final String PARAM = "<..>";

    final Role role;
    final String key;
    final boolean star;
    /** The scopes without {@code <..>} (all of them for a plain role), normalized. */
    final ScopeSet fixed;
    /** Text before and after {@code <..>} of each parameterized scope (star roles only). */
    final String[] heads;
    final String[] tails;

    /** Position in the key-sorted rule array; set by {@link KleeneIndex}. */
    int id;
    /** The closure of {@link #fixed}: what matching this role grants before any parameter. */
    ScopeSet expansion;
    /** What an input ending in {@code *} that reaches this role grants: parameters taken as {@code *}. */
    ScopeSet kleene;

    private Rule(Role role, String key, boolean star, ScopeSet fixed, String[] heads, String[] tails) {
        this.role = role;
        this.key = key;
        this.star = star;
        this.fixed = fixed;
        this.heads = heads;
        this.tails = tails;
    }

    /** Validates and compiles one role. */
    static Rule compile(Role role) {
        String id = role.roleId();
        if (id.isEmpty() || !Scopes.isValid(id)) {
            throw RoleException.invalidRole("roleId must be one or more printable ASCII characters");
        }
        for (String scope : role.scopes()) {
            if (scope == null || !Scopes.isValid(scope)) {
                throw RoleException.invalidScope("role '" + id + "' has a scope that is not printable ASCII");
            }
            if (scope.endsWith("**")) {
                throw RoleException.invalidScope("scope '" + scope + "' of role '" + id + "' ends with '**'");
            }
        }
        if (!Scopes.isStar(id)) {
            return new Rule(role, id, false, ScopeSet.of(role.scopes()), new String[0], new String[0]);
        }
        List<String> fixed = new ArrayList<>();
        List<String> heads = new ArrayList<>();
        List<String> tails = new ArrayList<>();
        for (String scope : role.scopes()) {
            int at = scope.indexOf(PARAM);
            if (at < 0) {
                fixed.add(scope);
                continue;
            }
            if (scope.indexOf(PARAM, at + PARAM.length()) >= 0) {
                throw RoleException.invalidScope("parameterized scope '" + scope + "' contains multiple '<..>'");
            }
            if (scope.endsWith("*" + PARAM)) {
                throw RoleException.invalidScope(
                        "parameterized scope '" + scope + "' ends with '*<..>' which implies an ambiguous kleene");
            }
            heads.add(scope.substring(0, at));
            tails.add(scope.substring(at + PARAM.length()));
        }
        return new Rule(role, id.substring(0, id.length() - 1), true, ScopeSet.of(fixed),
                heads.toArray(new String[0]), tails.toArray(new String[0]));
    }

    /** The {@code assume:} pattern of this role, as error messages name it. */
    String pattern() {
        return "assume:" + role.roleId();
    }

    /**
     * Parameterized scope {@code i} with {@code <..>} replaced by {@code param}. A parameter that ends
     * in {@code *} already covers anything that could follow, so it replaces the tail as well.
     */
    String fill(int i, String param) {
        return Scopes.isStar(param) ? heads[i] + param : heads[i] + param + tails[i];
    }
}
