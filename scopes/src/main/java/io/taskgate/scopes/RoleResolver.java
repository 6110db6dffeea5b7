package io.taskgate.scopes;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Expands scope sets through roles, exactly as Taskcluster's auth service does: {@code assume:}
 * scopes, star roles, starred inputs and parameterized roles, with dependency cycles rejected.
 *
 * <p>How it is fast: building orders the roles so that each one's dependencies come first, then
 * computes each role's full expansion once. For inputs ending in {@code *} the unions over every
 * range of roles they can reach are precomputed too ({@link KleeneIndex}). Resolving is then one
 * lookup per {@code assume:} input (plus the star roles along its prefix, {@link StarIndex}) and a
 * galloping merge of a few precomputed sets. Only {@code <..>} parameters are expanded at request
 * time, since they depend on the input.
 *
 * <p>Instances are immutable and safe to share between threads. Changes build a new instance.
 */
public final class RoleResolver {

    private static final String ASSUME = "assume:";

    private final List<Role> roles;
    private final KleeneIndex index;
    private final StarIndex stars;

    private RoleResolver(List<Role> roles) {
        this.roles = List.copyOf(roles);
        List<Rule> rules = new ArrayList<>(roles.size());
        List<Rule> starRules = new ArrayList<>();
        for (Role role : mergeDuplicates(roles)) {
            Rule rule = Rule.compile(role);
            rules.add(rule);
            if (rule.star) {
                starRules.add(rule);
            }
        }
        this.index = new KleeneIndex(rules);
        this.stars = new StarIndex(starRules);
        for (int id : dependencyOrder(rules)) {
            expand(index.rules[id]);
        }
        index.completeAll();
    }

    /**
     * Builds a resolver from roles. Roles that share a roleId act as one role holding all their scopes.
     *
     * @throws RoleException for an invalid roleId or scope, or a dependency cycle
     */
    public static RoleResolver build(Collection<Role> roles) {
        return new RoleResolver(new ArrayList<>(roles));
    }

    /** The roles this resolver was built from, in the order given. */
    public List<Role> roles() {
        return roles;
    }

    /** A resolver with {@code role} added, or replacing the role with the same id. */
    public RoleResolver withRole(Role role) {
        List<Role> next = new ArrayList<>(roles.size() + 1);
        boolean replaced = false;
        for (Role r : roles) {
            if (r.roleId().equals(role.roleId())) {
                if (!replaced) {
                    next.add(role);
                    replaced = true;
                }
            } else {
                next.add(r);
            }
        }
        if (!replaced) {
            next.add(role);
        }
        return new RoleResolver(next);
    }

    /** A resolver without the role {@code roleId} (unchanged if there is none). */
    public RoleResolver withoutRole(String roleId) {
        List<Role> next = new ArrayList<>(roles.size());
        for (Role r : roles) {
            if (!r.roleId().equals(roleId)) {
                next.add(r);
            }
        }
        return next.size() == roles.size() ? this : new RoleResolver(next);
    }

    /**
     * The normalized closure of {@code scopes} under the roles; it includes the input. Every input
     * that matches {@code ^(?:(?:|a|as|ass|assu|assum|assume)\*$|assume:)} takes part.
     */
    public ScopeSet resolve(Collection<String> scopes) {
        ScopeSet input = ScopeSet.of(scopes);
        List<ScopeSet> parts = new ArrayList<>();
        parts.add(input);
        Grants grants = new Grants(parts);
        for (String scope : input) {
            match(scope, grants);
        }
        return ScopeSet.union(parts);
    }

    /** Resolves the given scopes; see {@link #resolve(Collection)}. */
    public ScopeSet resolve(String... scopes) {
        return resolve(List.of(scopes));
    }

    // ---- matching: which rules an input scope reaches ----

    /** Receives the rules an input scope reaches. */
    private interface Matches {
        /** A role that is not a star role, whose roleId equals the input. */
        void plain(Rule rule);

        /** The input ends in '*': every role whose key starts with {@code prefix}. */
        void under(String prefix);

        /** A star role whose prefix starts the input; its parameter is {@code s.substring(paramFrom)}. */
        void star(Rule rule, String s, int paramFrom);
    }

    private void match(String scope, Matches m) {
        String s = scope;
        int from;
        if (scope.startsWith(ASSUME)) {
            from = ASSUME.length();
        } else if (isAssumeStar(scope)) {
            s = "*"; // "*", "a*" ... "assume*" reach every role
            from = 0;
        } else {
            return;
        }
        boolean starred = Scopes.isStar(s) && s.length() > from;
        if (!starred) {
            Rule plain = index.plain(s); // not starred, so s is the whole "assume:..." scope
            if (plain != null) {
                m.plain(plain);
            }
        }
        String key = s.substring(from, starred ? s.length() - 1 : s.length());
        if (starred) {
            m.under(key);
        }
        for (int i = stars.longest(key); i >= 0; i = stars.next(i)) {
            Rule rule = stars.rule(i);
            if (starred && rule.key.length() == key.length()) {
                continue; // the starred range already holds it, with the same parameter '*'
            }
            m.star(rule, s, from + rule.key.length());
        }
    }

    /** True for "*", "a*", "as*" ... "assume*": scopes that cover every {@code assume:} scope. */
    private static boolean isAssumeStar(String scope) {
        int n = scope.length();
        return n >= 1 && n <= 7 && scope.charAt(n - 1) == '*' && "assume".regionMatches(0, scope, 0, n - 1);
    }

    /** Collects the precomputed grants of each reached rule, expanding parameters as they come. */
    private final class Grants implements Matches {
        private final List<ScopeSet> out;

        Grants(List<ScopeSet> out) {
            this.out = out;
        }

        @Override
        public void plain(Rule rule) {
            out.add(rule.expansion);
        }

        @Override
        public void under(String prefix) {
            ScopeSet set = index.under(prefix);
            if (set != null) {
                out.add(set);
            }
        }

        @Override
        public void star(Rule rule, String s, int paramFrom) {
            out.add(rule.expansion);
            if (rule.heads.length > 0) {
                String param = s.substring(paramFrom);
                for (int i = 0; i < rule.heads.length; i++) {
                    String granted = rule.fill(i, param);
                    out.add(ScopeSet.wrap(new String[] {granted}));
                    match(granted, this);
                }
            }
        }
    }

    // ---- building ----

    private static List<Role> mergeDuplicates(List<Role> roles) {
        Map<String, List<String>> byId = new LinkedHashMap<>();
        for (Role role : roles) {
            byId.computeIfAbsent(role.roleId(), id -> new ArrayList<>()).addAll(role.scopes());
        }
        List<Role> merged = new ArrayList<>(byId.size());
        byId.forEach((id, scopes) -> merged.add(new Role(id, scopes)));
        return merged;
    }

    /** Computes a rule's expansions; every rule it depends on is already done. */
    private void expand(Rule rule) {
        List<ScopeSet> parts = new ArrayList<>();
        parts.add(rule.fixed);
        Grants grants = new Grants(parts);
        for (String scope : rule.fixed) {
            match(scope, grants);
        }
        rule.expansion = ScopeSet.union(parts);
        if (rule.heads.length == 0) {
            rule.kleene = rule.expansion;
            return;
        }
        parts.clear();
        parts.add(rule.expansion);
        for (int i = 0; i < rule.heads.length; i++) {
            String granted = rule.fill(i, "*");
            parts.add(ScopeSet.wrap(new String[] {granted}));
            match(granted, grants);
        }
        rule.kleene = ScopeSet.union(parts);
    }

    /**
     * Rule ids ordered so that dependencies come first, found by depth-first search in the order
     * the roles were given. A rule depends on every rule its scopes reach, {@code <..>} taken as '*'.
     */
    private int[] dependencyOrder(List<Rule> inputOrder) {
        int n = index.rules.length;
        int[][] deps = new int[n][];
        for (Rule rule : index.rules) {
            deps[rule.id] = dependencies(rule);
        }
        byte[] state = new byte[n]; // 0 unvisited, 1 on the stack, 2 done
        int[] order = new int[n];
        int done = 0;
        int[] stack = new int[n];
        int[] next = new int[n];
        for (Rule start : inputOrder) {
            if (state[start.id] != 0) {
                continue;
            }
            int top = 0;
            stack[0] = start.id;
            next[0] = 0;
            state[start.id] = 1;
            while (top >= 0) {
                int id = stack[top];
                if (next[top] < deps[id].length) {
                    int dep = deps[id][next[top]++];
                    if (state[dep] == 1) {
                        throw cycle(stack, top, dep);
                    }
                    if (state[dep] == 0) {
                        state[dep] = 1;
                        stack[++top] = dep;
                        next[top] = 0;
                    }
                } else {
                    state[id] = 2;
                    order[done++] = id;
                    top--;
                }
            }
        }
        return order;
    }

    private RoleException cycle(int[] stack, int top, int dep) {
        List<String> path = new ArrayList<>();
        int at = top;
        while (stack[at] != dep) {
            at--;
        }
        for (int i = at; i <= top; i++) {
            path.add(index.rules[stack[i]].pattern());
        }
        path.add(index.rules[dep].pattern());
        return RoleException.cycle(path);
    }

    private int[] dependencies(Rule rule) {
        IntList out = new IntList();
        Matches deps = new Matches() {
            @Override
            public void plain(Rule r) {
                out.add(r.id);
            }

            @Override
            public void under(String prefix) {
                long range = index.range(prefix);
                for (int i = (int) (range >>> 32); i < (int) range; i++) {
                    out.add(i);
                }
            }

            @Override
            public void star(Rule r, String s, int paramFrom) {
                out.add(r.id);
            }
        };
        for (String scope : rule.fixed) {
            match(scope, deps);
        }
        for (int i = 0; i < rule.heads.length; i++) {
            match(rule.fill(i, "*"), deps);
        }
        return out.toArray();
    }

    /** A growable int array. */
    private static final class IntList {
        private int[] items = new int[4];
        private int size;

        void add(int v) {
            if (size == items.length) {
                items = java.util.Arrays.copyOf(items, size * 2);
            }
            items[size++] = v;
        }

        int[] toArray() {
            return java.util.Arrays.copyOf(items, size);
        }
    }
}
