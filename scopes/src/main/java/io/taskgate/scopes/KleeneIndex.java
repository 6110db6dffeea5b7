package io.taskgate.scopes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * All rules sorted by key, with the union of their grants precomputed for every range that an
 * input ending in {@code *} can select.
 *
 * <p>An input {@code assume:w*} reaches every rule whose key starts with {@code w}: one contiguous
 * range of the sorted keys. The ranges that some {@code w} can select are exactly the nodes of the
 * compressed trie (radix tree) over the keys, at most 2n of them, so each node's union is computed
 * once, bottom-up from its children, and found again by its range with a binary search. Unions are
 * computed on first use while the resolver is being built (a rule only ever asks for ranges holding
 * rules it depends on, which are done by then) and all of them before the build returns.
 */
final class KleeneIndex {

    final String[] keys;
    final Rule[] rules;
    /** Rules that are not star roles, by their whole scope {@code assume:<roleId>}, whose hash the input caches. */
    private final Map<String, Rule> plainByScope = new HashMap<>();
    /** Nodes sorted by range, packed as {@code lo << 32 | hi}. */
    private final long[] ranges;
    private final int[] ownEnd;
    private final int[][] children;
    private final ScopeSet[] sets;

    KleeneIndex(List<Rule> all) {
        rules = all.toArray(new Rule[0]);
        Arrays.sort(rules, Comparator.comparing(r -> r.key));
        keys = new String[rules.length];
        for (int i = 0; i < rules.length; i++) {
            keys[i] = rules[i].key;
            rules[i].id = i;
            if (!rules[i].star) {
                plainByScope.put(rules[i].pattern(), rules[i]);
            }
        }
        List<int[]> nodes = new ArrayList<>(); // {lo, hi, ownEnd, childLo, childHi, childLo, childHi, ...}
        if (keys.length > 0) {
            build(0, keys.length, nodes);
        }
        nodes.sort(Comparator.comparingLong(n -> pack(n[0], n[1])));
        int count = nodes.size();
        ranges = new long[count];
        ownEnd = new int[count];
        children = new int[count][];
        for (int i = 0; i < count; i++) {
            ranges[i] = pack(nodes.get(i)[0], nodes.get(i)[1]);
        }
        for (int i = 0; i < count; i++) {
            int[] n = nodes.get(i);
            ownEnd[i] = n[2];
            children[i] = new int[(n.length - 3) / 2];
            for (int c = 0; c < children[i].length; c++) {
                children[i][c] = Arrays.binarySearch(ranges, pack(n[3 + 2 * c], n[4 + 2 * c]));
            }
        }
        sets = new ScopeSet[count];
    }

    private static long pack(int lo, int hi) {
        return ((long) lo << 32) | hi;
    }

    /** Records the node for keys[lo, hi) and, recursively, its children: one per next character after the common prefix. */
    private void build(int lo, int hi, List<int[]> nodes) {
        int depth = Scopes.commonPrefix(keys[lo], keys[hi - 1]);
        int i = lo;
        while (i < hi && keys[i].length() == depth) {
            i++;
        }
        List<Integer> bounds = new ArrayList<>();
        int own = i;
        while (i < hi) {
            char c = keys[i].charAt(depth);
            int j = i + 1;
            while (j < hi && keys[j].charAt(depth) == c) {
                j++;
            }
            bounds.add(i);
            bounds.add(j);
            i = j;
        }
        int[] node = new int[3 + bounds.size()];
        node[0] = lo;
        node[1] = hi;
        node[2] = own;
        for (int b = 0; b < bounds.size(); b++) {
            node[3 + b] = bounds.get(b);
        }
        nodes.add(node);
        for (int b = 0; b < bounds.size(); b += 2) {
            build(bounds.get(b), bounds.get(b + 1), nodes);
        }
    }

    /** The rule that is not a star role and that {@code assume:<roleId>} names exactly, or null. */
    Rule plain(String assumeScope) {
        return plainByScope.get(assumeScope);
    }

    /** The range [lo, hi) of rules whose key starts with {@code prefix}, packed; hi == lo when none. */
    long range(String prefix) {
        int lo = Arrays.binarySearch(keys, prefix);
        if (lo < 0) {
            lo = -lo - 1;
        } else {
            while (lo > 0 && keys[lo - 1].equals(prefix)) {
                lo--; // a plain role and a star role may share a key
            }
        }
        int hi = lo;
        int end = keys.length;
        while (hi < end) { // binary search for the end of the run of keys starting with the prefix
            int mid = (hi + end) >>> 1;
            if (keys[mid].startsWith(prefix)) {
                hi = mid + 1;
            } else {
                end = mid;
            }
        }
        return pack(lo, hi);
    }

    /** What every rule whose key starts with {@code prefix} grants to a starred input, or null if none. */
    ScopeSet under(String prefix) {
        long r = range(prefix);
        if ((int) (r >>> 32) == (int) r) {
            return null;
        }
        return set(Arrays.binarySearch(ranges, r));
    }

    private ScopeSet set(int node) {
        ScopeSet done = sets[node];
        if (done != null) {
            return done;
        }
        int lo = (int) (ranges[node] >>> 32);
        List<ScopeSet> parts = new ArrayList<>();
        for (int i = lo; i < ownEnd[node]; i++) {
            parts.add(rules[i].kleene);
        }
        for (int child : children[node]) {
            parts.add(set(child));
        }
        ScopeSet union = ScopeSet.union(parts);
        sets[node] = union;
        return union;
    }

    /** Computes every node's union; after this the index is read-only. */
    void completeAll() {
        for (int i = 0; i < sets.length; i++) {
            set(i);
        }
    }
}
