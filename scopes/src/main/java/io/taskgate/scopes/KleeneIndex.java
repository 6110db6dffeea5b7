package io.taskgate.scopes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;

/**
 * All entries sorted by key, with the union of their grants precomputed for every range that an
 * input ending in {@code *} can select.
 *
 * <p>An input {@code assume:w*} reaches every rule whose key starts with {@code w}: one contiguous
 * range of the sorted keys. The ranges that some {@code w} can select are exactly the nodes of the
 * compressed trie (radix tree) over the keys, at most 2n of them, so each node's union is computed
 * once, bottom-up from its children, and found again by its range with a binary search. Unions are
 * computed on first use while the resolver is being built (a rule only ever asks for ranges holding
 * rules it depends on, which are done by then), and a full build computes all of them before it
 * returns. After an update, a node whose entries are all untouched takes its union from the previous
 * index and the others are computed on first use. That is a benign race: two threads may compute
 * the same union, and either result is the same immutable set.
 */
final class KleeneIndex {

    private final Entry[] entries;
    private final String[] keys;
    /** Plain (not star) rules by their whole scope {@code assume:<roleId>}, whose hash the input caches. */
    private final Map<String, Entry> plainByScope;
    /** Nodes sorted by range, packed as {@code lo << 32 | hi}. */
    private final long[] ranges;
    private final int[] ownEnd;
    private final int[][] children;
    private final ScopeSet[] sets;

    /** Indexes {@code entries}, sorted by {@link Rule#compare}. */
    KleeneIndex(Entry[] entries) {
        this.entries = entries;
        keys = new String[entries.length];
        plainByScope = new HashMap<>(entries.length * 2);
        for (int i = 0; i < entries.length; i++) {
            Rule rule = entries[i].rule;
            keys[i] = rule.key;
            if (!rule.star) {
                plainByScope.put(rule.pattern, entries[i]);
            }
        }
        List<int[]> nodes = new ArrayList<>(); // {lo, hi, ownEnd, childLo, childHi, childLo, childHi, ...}
        if (keys.length > 0) {
            build(0, keys.length, nodes);
        }
        nodes.sort((a, b) -> Long.compare(pack(a[0], a[1]), pack(b[0], b[1])));
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

    /**
     * Takes over the unions of {@code previous} for every node whose entries are all shared with it.
     * {@code fresh} marks the positions of entries this build created; {@code toPrevious} maps any
     * other position to that entry's position in {@code previous}.
     */
    void reuse(KleeneIndex previous, BitSet fresh, IntUnaryOperator toPrevious) {
        for (int i = 0; i < ranges.length; i++) {
            int lo = (int) (ranges[i] >>> 32);
            int hi = (int) ranges[i];
            int next = fresh.nextSetBit(lo);
            if (next >= 0 && next < hi) {
                continue;
            }
            int oldLo = toPrevious.applyAsInt(lo);
            int oldHi = toPrevious.applyAsInt(hi - 1) + 1;
            if (oldHi - oldLo != hi - lo) {
                continue; // an entry was removed from inside this range
            }
            int j = Arrays.binarySearch(previous.ranges, pack(oldLo, oldHi));
            if (j >= 0) {
                sets[i] = previous.sets[j];
            }
        }
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

    /** The plain rule that {@code assume:<roleId>} names exactly, or null. */
    Entry plain(String assumeScope) {
        return plainByScope.get(assumeScope);
    }

    /** Position of the first entry with this key, or where it would be. */
    int lowerBound(String key) {
        int lo = Arrays.binarySearch(keys, key);
        if (lo < 0) {
            return -lo - 1;
        }
        while (lo > 0 && keys[lo - 1].equals(key)) {
            lo--; // a plain role and a star role may share a key
        }
        return lo;
    }

    /** The range [lo, hi) of entries whose key starts with {@code prefix}, packed; hi == lo when none. */
    long range(String prefix) {
        int lo = lowerBound(prefix);
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

    Entry entry(int position) {
        return entries[position];
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
            parts.add(entries[i].kleene);
        }
        for (int child : children[node]) {
            parts.add(set(child));
        }
        ScopeSet union = ScopeSet.union(parts);
        sets[node] = union;
        return union;
    }

    /** Computes every node's union now rather than on first use. */
    void completeAll() {
        for (int i = 0; i < sets.length; i++) {
            set(i);
        }
    }
}
