package io.taskgate.scopes;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntUnaryOperator;

/**
 * Expands scope sets through roles, exactly as Taskcluster's auth service does: {@code assume:}
 * scopes, star roles, starred inputs and parameterized roles, with dependency cycles rejected.
 *
 * <p>How it is fast: building orders the roles so that each one's dependencies come first, then
 * computes each role's full expansion once. For inputs ending in {@code *} the unions over every
 * range of roles they can reach are precomputed too ({@link KleeneIndex}). Resolving is then one
 * lookup per {@code assume:} input (plus the star roles along its prefix, {@link StarIndex}) and a
 * merge of a few precomputed sets. Only {@code <..>} parameters are expanded at request time, since
 * they depend on the input.
 *
 * <p>Instances are immutable and safe to share between threads. A change builds a new instance that
 * recomputes only the roles that reach the changed one and shares everything else.
 */
public final class RoleResolver {

    private static final String ASSUME = "assume:";

    private final List<Role> roles;
    /** Sorted by {@link Rule#compare}. */
    private final Entry[] entries;
    private final KleeneIndex index;
    private final StarIndex stars;

    /**
     * Indexes {@code entries}, then builds the {@code fresh} ones (searched in that order, so a cycle
     * is reported as met from the first of them). The others are complete already and shared with
     * {@code previous}, whose unions the index reuses where it can.
     */
    private RoleResolver(List<Role> roles, Entry[] entries, List<Entry> fresh, RoleResolver previous,
            BitSet freshPositions, IntUnaryOperator toPrevious) {
        this.roles = roles;
        this.entries = entries;
        this.index = new KleeneIndex(entries);
        this.stars = new StarIndex(entries);
        if (previous != null) {
            index.reuse(previous.index, freshPositions, toPrevious);
        }
        for (Entry entry : fresh) {
            entry.deps = dependencies(entry.rule);
        }
        expandInDependencyOrder(fresh);
        if (previous == null) {
            index.completeAll();
        }
        // After an update, the unions over ranges that hold a changed role (those near the root are
        // the largest) are computed when a starred input first needs them.
    }

    /**
     * Builds a resolver from roles. Roles that share a roleId act as one role holding all their scopes.
     *
     * @throws RoleException for an invalid roleId or scope, or a dependency cycle
     */
    public static RoleResolver build(Collection<Role> roles) {
        List<Entry> inOrder = new ArrayList<>();
        for (Role role : mergeDuplicates(roles)) {
            inOrder.add(new Entry(Rule.compile(role)));
        }
        Entry[] sorted = inOrder.toArray(new Entry[0]);
        Arrays.sort(sorted, (a, b) -> Rule.compare(a.rule, b.rule));
        return new RoleResolver(List.copyOf(roles), sorted, inOrder, null, null, null);
    }

    /** The roles this resolver was built from, in the order given. */
    public List<Role> roles() {
        return roles;
    }

    /**
     * A resolver with {@code role} added, or replacing every role with its id. Only the roles that
     * reach the old or new version of the role are recomputed.
     *
     * @throws RoleException if the role is invalid or the change makes a cycle
     */
    public RoleResolver withRole(Role role) {
        Rule rule = Rule.compile(role);
        List<Role> next = new ArrayList<>(roles.size() + 1);
        boolean replaced = false;
        for (Role r : roles) {
            if (!r.roleId().equals(role.roleId())) {
                next.add(r);
            } else if (!replaced) {
                next.add(role);
                replaced = true;
            }
        }
        if (!replaced) {
            next.add(role);
        }
        return update(Collections.unmodifiableList(next), position(rule.role.roleId()), rule);
    }

    /** A resolver without the role {@code roleId}; this one if there is none. */
    public RoleResolver withoutRole(String roleId) {
        int at = position(roleId);
        if (at < 0) {
            return this;
        }
        List<Role> next = new ArrayList<>(roles.size());
        for (Role r : roles) {
            if (!r.roleId().equals(roleId)) {
                next.add(r);
            }
        }
        return update(Collections.unmodifiableList(next), at, null);
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
        void plain(Entry entry);

        /** The input ends in '*': every role whose key starts with {@code prefix}. */
        void under(String prefix);

        /** A star role whose prefix starts the input; its parameter is {@code s.substring(paramFrom)}. */
        void star(Entry entry, String s, int paramFrom);
    }

    /** Reports every rule {@code scope} reaches; the same rules as {@link Rule#reachedBy}, found by index. */
    private void match(String scope, Matches m) {
        String s = scope;
        int from;
        if (scope.startsWith(ASSUME)) {
            from = ASSUME.length();
        } else if (Scopes.isAssumeStar(scope)) {
            s = "*"; // "*", "a*" ... "assume*" reach every role
            from = 0;
        } else {
            return;
        }
        boolean starred = s.length() > from && Scopes.isStar(s);
        if (!starred) {
            Entry plain = index.plain(s); // not starred, so s is the whole "assume:..." scope
            if (plain != null) {
                m.plain(plain);
            }
        }
        String key = s.substring(from, starred ? s.length() - 1 : s.length());
        if (starred) {
            m.under(key);
        }
        for (int i = stars.longest(key); i >= 0; i = stars.next(i)) {
            Entry entry = index.entry(stars.id(i));
            if (starred && entry.rule.key.length() == key.length()) {
                continue; // the starred range already holds it, with the same parameter '*'
            }
            m.star(entry, s, from + entry.rule.key.length());
        }
    }

    /** Collects the precomputed grants of each reached rule, expanding parameters as they come. */
    private final class Grants implements Matches {
        private final List<ScopeSet> out;

        Grants(List<ScopeSet> out) {
            this.out = out;
        }

        @Override
        public void plain(Entry entry) {
            out.add(entry.expansion);
        }

        @Override
        public void under(String prefix) {
            ScopeSet set = index.under(prefix);
            if (set != null) {
                out.add(set);
            }
        }

        @Override
        public void star(Entry entry, String s, int paramFrom) {
            out.add(entry.expansion);
            Rule rule = entry.rule;
            if (rule.heads.length > 0 && !rule.fixed.containsLiterally("*")) { // '*' already covers what the heads grant
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

    private static List<Role> mergeDuplicates(Collection<Role> roles) {
        Map<String, List<String>> byId = new LinkedHashMap<>();
        for (Role role : roles) {
            byId.computeIfAbsent(role.roleId(), id -> new ArrayList<>()).addAll(role.scopes());
        }
        List<Role> merged = new ArrayList<>(byId.size());
        byId.forEach((id, scopes) -> merged.add(new Role(id, scopes)));
        return merged;
    }

    /**
     * The entries a rule's scopes reach, {@code <..>} taken as '*'. A role that grants {@code *}
     * reaches nothing: it already holds everything, so what it would pull in changes nothing, and a
     * role such as {@code anonymous} or {@code group:admin} may grant {@code *} without being a cycle.
     */
    private Entry[] dependencies(Rule rule) {
        if (rule.fixed.containsLiterally("*")) {
            return new Entry[0];
        }
        List<Entry> out = new ArrayList<>();
        Matches deps = new Matches() {
            @Override
            public void plain(Entry entry) {
                out.add(entry);
            }

            @Override
            public void under(String prefix) {
                long range = index.range(prefix);
                for (int i = (int) (range >>> 32); i < (int) range; i++) {
                    out.add(index.entry(i));
                }
            }

            @Override
            public void star(Entry entry, String s, int paramFrom) {
                out.add(entry);
            }
        };
        for (String scope : rule.fixed) {
            match(scope, deps);
        }
        for (int i = 0; i < rule.heads.length; i++) {
            match(rule.fill(i, "*"), deps);
        }
        return out.toArray(new Entry[0]);
    }

    /**
     * Expands the fresh entries, each after everything it depends on, by an iterative depth-first
     * search. Meeting an entry that is still on the search's stack means a cycle.
     */
    private void expandInDependencyOrder(List<Entry> fresh) {
        Entry[] stack = new Entry[fresh.size()];
        int[] next = new int[fresh.size()];
        for (Entry start : fresh) {
            if (start.done()) {
                continue;
            }
            int top = 0;
            stack[0] = start;
            next[0] = 0;
            start.visiting = true;
            while (top >= 0) {
                Entry entry = stack[top];
                if (next[top] < entry.deps.length) {
                    Entry dep = entry.deps[next[top]++];
                    if (dep.done()) {
                        continue;
                    }
                    if (dep.visiting) {
                        throw cycle(stack, top, dep);
                    }
                    dep.visiting = true;
                    stack[++top] = dep;
                    next[top] = 0;
                } else {
                    expand(entry);
                    entry.visiting = false;
                    top--;
                }
            }
        }
    }

    private static RoleException cycle(Entry[] stack, int top, Entry dep) {
        int at = top;
        while (stack[at] != dep) {
            at--;
        }
        List<String> path = new ArrayList<>();
        for (int i = at; i <= top; i++) {
            path.add(stack[i].rule.pattern);
        }
        path.add(dep.rule.pattern);
        return RoleException.cycle(path);
    }

    /** Computes an entry's grants; every entry it depends on is done. */
    private void expand(Entry entry) {
        Rule rule = entry.rule;
        if (rule.fixed.containsLiterally("*")) {
            entry.expansion = rule.fixed; // the normal form of anything holding '*' is just '*'
            entry.kleene = rule.fixed;
            return;
        }
        List<ScopeSet> parts = new ArrayList<>();
        parts.add(rule.fixed);
        Grants grants = new Grants(parts);
        for (String scope : rule.fixed) {
            match(scope, grants);
        }
        entry.expansion = ScopeSet.union(parts);
        if (rule.heads.length == 0) {
            entry.kleene = entry.expansion;
            return;
        }
        parts.clear();
        parts.add(entry.expansion);
        for (int i = 0; i < rule.heads.length; i++) {
            String granted = rule.fill(i, "*");
            parts.add(ScopeSet.wrap(new String[] {granted}));
            match(granted, grants);
        }
        entry.kleene = ScopeSet.union(parts);
    }

    // ---- updating ----

    /** Position of the entry for {@code roleId}, or -1. */
    private int position(String roleId) {
        String key = Scopes.isStar(roleId) ? roleId.substring(0, roleId.length() - 1) : roleId;
        for (int i = index.lowerBound(key); i < entries.length && entries[i].rule.key.equals(key); i++) {
            if (entries[i].rule.role.roleId().equals(roleId)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The resolver with the entry at {@code removedAt} (if any) taken out and {@code added} (if any)
     * put in. Entries that reach either one, directly or through others, are rebuilt; the rest are
     * shared. Since the old roles had no cycle, any new cycle runs through the added rule.
     */
    private RoleResolver update(List<Role> nextRoles, int removedAt, Rule added) {
        Entry removed = removedAt >= 0 ? entries[removedAt] : null;
        Set<Entry> stale = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Entry> queue = new ArrayDeque<>();
        if (removed != null) {
            queue.add(removed);
        }
        if (added != null) {
            for (Entry entry : entries) {
                if (entry != removed && entry.rule.reaches(added) && stale.add(entry)) {
                    queue.add(entry);
                }
            }
        }
        Map<Entry, List<Entry>> dependents = new IdentityHashMap<>();
        for (Entry entry : entries) {
            for (Entry dep : entry.deps) {
                dependents.computeIfAbsent(dep, k -> new ArrayList<>(2)).add(entry);
            }
        }
        while (!queue.isEmpty()) {
            for (Entry dependent : dependents.getOrDefault(queue.poll(), List.of())) {
                if (stale.add(dependent)) {
                    queue.add(dependent);
                }
            }
        }

        List<Entry> next = new ArrayList<>(entries.length + 1);
        List<Entry> fresh = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry != removed) {
                next.add(stale.contains(entry) ? new Entry(entry.rule) : entry);
            }
        }
        int insertedAt = -1;
        if (added != null) {
            Entry entry = new Entry(added);
            insertedAt = Collections.binarySearch(next, entry, (a, b) -> Rule.compare(a.rule, b.rule));
            insertedAt = insertedAt < 0 ? -insertedAt - 1 : insertedAt;
            next.add(insertedAt, entry);
            fresh.add(entry);
        }
        BitSet freshPositions = new BitSet(next.size());
        for (int i = 0; i < next.size(); i++) {
            if (i == insertedAt || next.get(i) != entries[toPrevious(i, insertedAt, removedAt)]) {
                freshPositions.set(i);
                if (i != insertedAt) {
                    fresh.add(next.get(i));
                }
            }
        }
        int ins = insertedAt;
        return new RoleResolver(nextRoles, next.toArray(new Entry[0]), fresh, this, freshPositions,
                i -> toPrevious(i, ins, removedAt));
    }

    /** Where the entry at {@code position} of the updated array stood before the update. */
    private static int toPrevious(int position, int insertedAt, int removedAt) {
        int withoutInsert = insertedAt >= 0 && position > insertedAt ? position - 1 : position;
        return removedAt >= 0 && withoutInsert >= removedAt ? withoutInsert + 1 : withoutInsert;
    }
}
