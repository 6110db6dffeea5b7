package io.taskgate.scopes;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * Finds the star roles whose prefix starts a given string. The prefixes are sorted and each links
 * to its longest proper prefix in the set. Every prefix of {@code w} in the set is a prefix of the
 * greatest prefix {@code q <= w} (strings between {@code p} and {@code w} all start with {@code p}),
 * so one binary search finds {@code q} and the parent links walk the answers, longest first.
 */
final class StarIndex {

    private final String[] prefixes;
    private final Rule[] rules;
    private final int[] parent;

    StarIndex(List<Rule> starRules) {
        Rule[] sorted = starRules.toArray(new Rule[0]);
        Arrays.sort(sorted, Comparator.comparing(r -> r.key));
        rules = sorted;
        prefixes = new String[sorted.length];
        parent = new int[sorted.length];
        Deque<Integer> ancestors = new ArrayDeque<>();
        for (int i = 0; i < sorted.length; i++) {
            prefixes[i] = sorted[i].key;
            while (!ancestors.isEmpty() && !prefixes[i].startsWith(prefixes[ancestors.peek()])) {
                ancestors.pop();
            }
            parent[i] = ancestors.isEmpty() ? -1 : ancestors.peek();
            ancestors.push(i);
        }
    }

    /** The longest star-role prefix of {@code key}, as an index for {@link #rule}, or -1. */
    int longest(String key) {
        int i = Arrays.binarySearch(prefixes, key);
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

    /** The next shorter star-role prefix after index {@code i}, or -1. */
    int next(int i) {
        return parent[i];
    }

    Rule rule(int i) {
        return rules[i];
    }
}
