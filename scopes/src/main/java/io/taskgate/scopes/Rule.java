package io.taskgate.scopes;

import java.util.ArrayList;
import java.util.List;

/**
 * A role compiled for resolution: its key (the roleId without a star role's final {@code *}), its
 * fixed scopes, and for star roles the parameterized scopes split around {@code <..>}. Immutable, so
 * resolvers share the rules of roles an update did not touch.
 */
final class Rule {

    static final String PARAM = "<..>";

    final Role role;
    /** {@code assume:<roleId>}: the scope that names this role, and how error messages name it. */
    final String pattern;
    final String key;
    final boolean star;
    /** The scopes without {@code <..>} (all of them for a plain role), normalized. */
    final ScopeSet fixed;
    /** Text before and after {@code <..>} of each parameterized scope (star roles only). */
    final String[] heads;
    final String[] tails;

    private Rule(Role role, String key, boolean star, ScopeSet fixed, String[] heads, String[] tails) {
        this.role = role;
        this.pattern = "assume:" + role.roleId();
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

    /** Orders rules by key, then plain before star, as the resolver's sorted array holds them. */
    static int compare(Rule a, Rule b) {
        int c = a.key.compareTo(b.key);
        return c != 0 ? c : Boolean.compare(a.star, b.star);
    }

    /**
     * True when resolving {@code scope} reaches this rule: for a plain role, the scope names it or
     * stars over it; for a star role, the scope lies under its prefix or stars over the prefix.
     */
    boolean reachedBy(String scope) {
        String s = scope;
        int from;
        if (scope.startsWith("assume:")) {
            from = "assume:".length();
        } else if (Scopes.isAssumeStar(scope)) {
            s = "*";
            from = 0;
        } else {
            return false;
        }
        boolean starred = s.length() > from && Scopes.isStar(s);
        int length = (starred ? s.length() - 1 : s.length()) - from; // of the key region s[from, ...)
        boolean keyStartsWithRegion = key.length() >= length && key.regionMatches(0, s, from, length);
        if (!star) {
            return starred ? keyStartsWithRegion : key.length() == length && keyStartsWithRegion;
        }
        boolean regionStartsWithKey = length >= key.length() && s.regionMatches(from, key, 0, key.length());
        return regionStartsWithKey || starred && keyStartsWithRegion;
    }

    /** True when some scope of this rule reaches {@code target}, {@code <..>} taken as '*'. */
    boolean reaches(Rule target) {
        for (String scope : fixed) {
            if (target.reachedBy(scope)) {
                return true;
            }
        }
        for (int i = 0; i < heads.length; i++) {
            if (target.reachedBy(fill(i, "*"))) {
                return true;
            }
        }
        return false;
    }


    /**
     * Parameterized scope {@code i} with {@code <..>} replaced by {@code param}. A parameter that ends
     * in {@code *} already covers anything that could follow, so it replaces the tail as well.
     */
    String fill(int i, String param) {
        return Scopes.isStar(param) ? heads[i] + param : heads[i] + param + tails[i];
    }
}
