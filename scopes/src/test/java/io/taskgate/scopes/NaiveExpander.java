package io.taskgate.scopes;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A deliberately naive reference for the role rules in spec/scopes.md: a fixpoint that applies every
 * rule to every scope until nothing changes, with no index, no precomputation and no cleverness.
 * The fast resolver must agree with it exactly.
 */
final class NaiveExpander {

    private static final Pattern ASSUME_LIKE = Pattern.compile("^(?:(?:|a|as|ass|assu|assum|assume)\\*$|assume:)");
    private static final String PARAM = "<..>";

    private final List<Role> roles;

    NaiveExpander(List<Role> roles) {
        this.roles = roles;
    }

    /** The scopes that {@code scope} grants directly through one role, or nothing. */
    List<String> directGrants(String scope, Role role, boolean paramsAsStar) {
        if (!ASSUME_LIKE.matcher(scope).find()) {
            return List.of();
        }
        String t = scope.startsWith("assume:") ? scope.substring(7) : "*";
        boolean starred = t.endsWith("*");
        String w = starred ? t.substring(0, t.length() - 1) : t;
        String id = role.roleId();
        List<String> out = new ArrayList<>();
        if (!id.endsWith("*")) {
            if (t.equals(id) || (starred && id.startsWith(w))) {
                out.addAll(role.scopes());
            }
            return out;
        }
        String prefix = id.substring(0, id.length() - 1);
        String param;
        if (w.startsWith(prefix)) {
            param = t.substring(prefix.length());
        } else if (starred && prefix.startsWith(w)) {
            param = "*";
        } else {
            return out;
        }
        if (paramsAsStar) {
            param = "*";
        }
        for (String s : role.scopes()) {
            int at = s.indexOf(PARAM);
            if (at < 0) {
                out.add(s);
            } else if (param.endsWith("*")) {
                out.add(s.substring(0, at) + param);
            } else {
                out.add(s.substring(0, at) + param + s.substring(at + PARAM.length()));
            }
        }
        return out;
    }

    /** True when the roles have a dependency cycle, with {@code <..>} taken as '*'; a role granting '*' depends on nothing. */
    boolean hasCycle() {
        Map<Integer, Set<Integer>> edges = new HashMap<>();
        for (int i = 0; i < roles.size(); i++) {
            Set<Integer> deps = new HashSet<>();
            String id = roles.get(i).roleId();
            if (roles.stream().anyMatch(r -> r.roleId().equals(id) && r.scopes().contains("*"))) {
                edges.put(i, deps); // a role holding everything needs nothing from other roles
                continue;
            }
            for (String granted : roles.get(i).scopes()) {
                String asStar = granted.contains(PARAM) ? granted.substring(0, granted.indexOf(PARAM)) + "*" : granted;
                for (int j = 0; j < roles.size(); j++) {
                    if (reaches(asStar, roles.get(j))) {
                        deps.add(j);
                    }
                }
            }
            edges.put(i, deps);
        }
        int[] state = new int[roles.size()];
        for (int i = 0; i < roles.size(); i++) {
            if (visit(i, edges, state)) {
                return true;
            }
        }
        return false;
    }

    /** True when the scope reaches the role even if the role grants nothing (a role with no scopes). */
    private boolean reaches(String scope, Role role) {
        Role probe = new Role(role.roleId(), List.of("x"));
        return !directGrants(scope, probe, true).isEmpty();
    }

    private static boolean visit(int i, Map<Integer, Set<Integer>> edges, int[] state) {
        if (state[i] == 1) {
            return true;
        }
        if (state[i] == 2) {
            return false;
        }
        state[i] = 1;
        for (int j : edges.get(i)) {
            if (visit(j, edges, state)) {
                return true;
            }
        }
        state[i] = 2;
        return false;
    }

    /** The fixpoint of the rules over {@code input}, then normalized naively. */
    List<String> expand(Collection<String> input) {
        Set<String> all = new LinkedHashSet<>(input);
        boolean changed = true;
        int rounds = 0;
        while (changed) {
            if (++rounds > 10_000) {
                throw new IllegalStateException("no fixpoint; the roles must have a cycle");
            }
            changed = false;
            if (all.contains("*")) {
                break; // '*' covers whatever more the rules could add
            }
            for (String scope : List.copyOf(all)) {
                for (Role role : roles) {
                    for (String granted : directGrants(scope, role, false)) {
                        changed |= all.add(granted);
                    }
                }
            }
        }
        return normalize(all);
    }

    /** Sort, then keep each scope unless an already kept scope matches it. */
    static List<String> normalize(Collection<String> scopes) {
        List<String> sorted = new ArrayList<>(new HashSet<>(scopes));
        sorted.sort(NaiveExpander::compare);
        List<String> kept = new ArrayList<>();
        for (String s : sorted) {
            boolean covered = false;
            for (String k : kept) {
                if (k.endsWith("*") && s.startsWith(k.substring(0, k.length() - 1))) {
                    covered = true;
                }
            }
            if (!covered) {
                kept.add(s);
            }
        }
        return kept;
    }

    /** Taskcluster's order, written out the slow way: strip one final '*', compare, star first on ties. */
    static int compare(String a, String b) {
        String ka = a.endsWith("*") ? a.substring(0, a.length() - 1) : a;
        String kb = b.endsWith("*") ? b.substring(0, b.length() - 1) : b;
        int c = ka.compareTo(kb);
        if (c != 0) {
            return c;
        }
        return Boolean.compare(!a.endsWith("*"), !b.endsWith("*"));
    }

    /** Naive satisfaction: some held scope matches the required one. */
    static boolean satisfies(Collection<String> held, String required) {
        for (String h : held) {
            if (h.equals(required) || (h.endsWith("*") && required.startsWith(h.substring(0, h.length() - 1)))) {
                return true;
            }
        }
        return false;
    }
}
