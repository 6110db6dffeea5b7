package io.taskgate.scopes;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Finds the star roles whose prefix starts a given key. The prefixes are sorted and each links to
 * its longest proper prefix in the set. Every prefix of {@code w} in the set is a prefix of the
 * greatest prefix {@code q <= w} (strings between {@code p} and {@code w} all start with {@code p}),
 * so one binary search finds {@code q} and the parent links walk the answers, longest first.
 */
final class StarIndex {

    private final String[] prefixes;
    /** Position of each star rule in the resolver's sorted entries. */
    private final int[] ids;
    private final int[] parent;

    /** Indexes the star rules of {@code entries}, which is sorted by {@link Rule#compare}. */
    StarIndex(Entry[] entries) {
        int count = 0;
        for (Entry entry : entries) {
            if (entry.rule.star) {
                count++;
            }
        }
        prefixes = new String[count];
        ids = new int[count];
        parent = new int[count];
        Deque<Integer> ancestors = new ArrayDeque<>();
        int i = 0;
        for (int id = 0; id < entries.length; id++) {
            if (!entries[id].rule.star) {
                continue;
            }
            prefixes[i] = entries[id].rule.key;
            ids[i] = id;
            while (!ancestors.isEmpty() && !prefixes[i].startsWith(prefixes[ancestors.peek()])) {
                ancestors.pop();
            }
            parent[i] = ancestors.isEmpty() ? -1 : ancestors.peek();
            ancestors.push(i);
            i++;
        }
    }

    /** The longest star-role prefix of {@code key}, as a cursor for {@link #id} and {@link #next}, or -1. */
    int longest(String key) {
        int i = java.util.Arrays.binarySearch(prefixes, key);
        if (i < 0) {
            i = -i - 2; // the greatest prefix below the key
        }
        if (i < 0) {
            return -1;
        }
        int common = Scopes.commonPrefix(prefixes[i], key);
        while (i >= 0 && prefixes[i].length() > common) {
            i = parent[i];
        }
        return i;
    }

    /** The next shorter star-role prefix after cursor {@code i}, or -1. */
    int next(int i) {
        return parent[i];
    }

    /** The entry position at cursor {@code i}. */
    int id(int i) {
        return ids[i];
    }
}
