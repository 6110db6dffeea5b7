package io.taskgate.scopes;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.RandomAccess;
import java.util.Set;

/**
 * An immutable set of scopes in Taskcluster's normal form: sorted by {@link Scopes#ORDER}, without
 * duplicates, and without any scope that a preceding {@code X*} already covers.
 *
 * <p>Normal form has a property that makes the hot paths cheap: if {@code q*} covers {@code s},
 * nothing sorts between them (it would start with {@code q} and be covered too), so a satisfaction
 * check is one binary search plus a look at the predecessor. Merges gallop: they copy whole runs
 * with {@code System.arraycopy} and search for the ends of runs, so merging a small set into a
 * large one costs O(small · log large) comparisons, and two arbitrary sets cost O(n + m).
 */
public final class ScopeSet extends AbstractList<String> implements RandomAccess {

    /** The empty set. */
    public static final ScopeSet EMPTY = new ScopeSet(new String[0]);

    /** Checks before a set builds its {@link MatchIndex}: one-off sets keep using binary search. */
    private static final int INDEX_AFTER_CHECKS = 8;

    private final String[] scopes;
    /** Built on demand; its fields are final, so a racy publication is still safe. */
    private MatchIndex index;
    private int checks;

    private ScopeSet(String[] scopes) {
        this.scopes = scopes;
    }

    /** Normalizes the given scopes (any order, duplicates allowed). */
    public static ScopeSet of(String... scopes) {
        return normalize(scopes.clone());
    }

    /** Normalizes the given scopes (any order, duplicates allowed). */
    public static ScopeSet of(Collection<String> scopes) {
        if (scopes instanceof ScopeSet set) {
            return set;
        }
        return normalize(scopes.toArray(new String[0]));
    }

    /** Sorts the array in place and wraps its normal form. */
    private static ScopeSet normalize(String[] all) {
        for (String s : all) {
            if (s == null) {
                throw new NullPointerException("a scope set cannot hold null");
            }
        }
        Arrays.sort(all, Scopes.ORDER);
        int n = all.length;
        int out = 0;
        int i = 0;
        while (i < n) {
            String scope = all[i++];
            all[out++] = scope;
            while (i < n && all[i].equals(scope)) {
                i++;
            }
            if (Scopes.isStar(scope)) {
                int p = scope.length() - 1;
                while (i < n && Scopes.startsWithPrefix(all[i], scope, p)) {
                    i++;
                }
            }
        }
        return wrap(out == n ? all : Arrays.copyOf(all, out));
    }

    /** Wraps an array the caller guarantees is already normalized and will never change. */
    static ScopeSet wrap(String[] normalized) {
        return normalized.length == 0 ? EMPTY : new ScopeSet(normalized);
    }

    @Override
    public String get(int index) {
        return scopes[index];
    }

    @Override
    public int size() {
        return scopes.length;
    }

    /** True when the set holds exactly this string (no pattern matching). */
    public boolean containsLiterally(String scope) {
        int i = lowerBound(scope);
        return i < scopes.length && scopes[i].equals(scope);
    }

    @Override
    public boolean contains(Object o) {
        return o instanceof String s && containsLiterally(s);
    }

    /** True when some scope of this set matches {@code scope}. */
    public boolean satisfies(String scope) {
        MatchIndex built = index;
        if (built != null) {
            return built.satisfies(scope);
        }
        if (++checks > INDEX_AFTER_CHECKS && scopes.length > 8) {
            index = built = new MatchIndex(scopes);
            return built.satisfies(scope);
        }
        int i = lowerBound(scope);
        if (i < scopes.length && scopes[i].equals(scope)) {
            return true;
        }
        if (i > 0 && Scopes.matches(scopes[i - 1], scope)) {
            return true;
        }
        // The one coverer that can sort after its scope: "s*" for a scope "s" that itself ends in '*'.
        return Scopes.isStar(scope) && containsLiterally(scope + "*");
    }

    /** True when every scope of {@code required} is satisfied by this set. */
    public boolean satisfiesAll(Collection<String> required) {
        for (String scope : required) {
            if (!satisfies(scope)) {
                return false;
            }
        }
        return true;
    }

    /** The normalized union of this set and {@code other}, in time linear in their sizes. */
    public ScopeSet merge(ScopeSet other) {
        if (other.scopes.length == 0) {
            return this;
        }
        if (scopes.length == 0) {
            return other;
        }
        return wrap(merge(scopes, other.scopes));
    }

    /**
     * The normalized union of many sets. A few are merged as a balanced binary tree. Many sets (as
     * when a client's roles overlap) mostly repeat each other, so their scopes are first deduplicated
     * with a hash set against the largest one, and only what is new is sorted and merged in.
     */
    public static ScopeSet union(List<ScopeSet> sets) {
        int n = sets.size();
        if (n <= 8) {
            return unionByMerging(sets);
        }
        ScopeSet largest = sets.get(0);
        for (ScopeSet set : sets) {
            if (set.scopes.length > largest.scopes.length) {
                largest = set;
            }
        }
        Set<ScopeSet> done = Collections.newSetFromMap(new IdentityHashMap<>());
        done.add(largest);
        int total = 0;
        for (ScopeSet set : sets) {
            total += set.scopes.length;
        }
        StringTable seen = new StringTable(total);
        for (String scope : largest.scopes) {
            seen.add(scope);
        }
        List<String> extra = new ArrayList<>();
        for (ScopeSet set : sets) {
            if (done.add(set)) {
                for (String scope : set.scopes) {
                    if (seen.add(scope)) {
                        extra.add(scope);
                    }
                }
            }
        }
        return extra.isEmpty() ? largest : largest.merge(normalize(extra.toArray(new String[0])));
    }

    /** A throwaway open-addressing hash set of strings: no allocation per entry, reference check before equals. */
    private static final class StringTable {
        private final String[] slots;
        private final int mask;

        StringTable(int expected) {
            int capacity = Integer.highestOneBit(Math.max(16, expected) * 2 - 1) << 1;
            slots = new String[capacity];
            mask = capacity - 1;
        }

        /** Adds the string; true when it was not there yet. */
        boolean add(String s) {
            int i = (s.hashCode() * 0x9E3779B9) >>> 7 & mask;
            while (true) {
                String at = slots[i];
                if (at == null) {
                    slots[i] = s;
                    return true;
                }
                if (at == s || at.equals(s)) {
                    return false;
                }
                i = (i + 1) & mask;
            }
        }
    }

    private static ScopeSet unionByMerging(List<ScopeSet> sets) {
        return switch (sets.size()) {
            case 0 -> EMPTY;
            case 1 -> sets.get(0);
            case 2 -> sets.get(0).merge(sets.get(1));
            default -> {
                int mid = sets.size() >>> 1;
                yield unionByMerging(sets.subList(0, mid)).merge(unionByMerging(sets.subList(mid, sets.size())));
            }
        };
    }

    /** First index whose scope sorts at or after {@code scope}. */
    private int lowerBound(String scope) {
        int lo = 0;
        int hi = scopes.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (Scopes.compare(scopes[mid], scope) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static String[] merge(String[] a, String[] b) {
        int n = a.length;
        int m = b.length;
        String[] out = new String[n + m];
        int o = 0;
        int i = 0;
        int j = 0;
        while (i < n && j < m) {
            String x = a[i];
            String y = b[j];
            int c = x.equals(y) ? 0 : Scopes.compare(x, y);
            String last;
            if (c == 0) {
                out[o++] = x;
                last = x;
                i++;
                j++;
            } else if (c < 0) {
                int k = gallop(a, i + 1, n, y);
                System.arraycopy(a, i, out, o, k - i);
                o += k - i;
                last = a[k - 1];
                i = k;
            } else {
                int k = gallop(b, j + 1, m, x);
                System.arraycopy(b, j, out, o, k - j);
                o += k - j;
                last = b[k - 1];
                j = k;
            }
            // Only the last scope of a run can cover scopes of the other side (see class comment).
            if (Scopes.isStar(last)) {
                int p = last.length() - 1;
                i = skipCovered(a, i, n, last, p);
                j = skipCovered(b, j, m, last, p);
            }
        }
        if (i < n) {
            System.arraycopy(a, i, out, o, n - i);
            o += n - i;
        }
        if (j < m) {
            System.arraycopy(b, j, out, o, m - j);
            o += m - j;
        }
        return o == out.length ? out : Arrays.copyOf(out, o);
    }

    /** First index in [from, to) whose scope sorts at or after {@code key}, by exponential then binary search. */
    private static int gallop(String[] arr, int from, int to, String key) {
        int lo = from;
        int hi = from;
        int step = 1;
        while (hi < to && Scopes.compare(arr[hi], key) < 0) {
            lo = hi + 1;
            hi = lo + step;
            step <<= 1;
        }
        hi = Math.min(hi, to);
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (Scopes.compare(arr[mid], key) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** First index in [from, to) not covered by {@code star}; the covered scopes form one contiguous run. */
    private static int skipCovered(String[] arr, int from, int to, String star, int p) {
        if (from >= to || !Scopes.startsWithPrefix(arr[from], star, p)) {
            return from;
        }
        int lo = from + 1;
        int hi = lo;
        int step = 1;
        while (hi < to && Scopes.startsWithPrefix(arr[hi], star, p)) {
            lo = hi + 1;
            hi = lo + step;
            step <<= 1;
        }
        hi = Math.min(hi, to);
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (Scopes.startsWithPrefix(arr[mid], star, p)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The scopes as a plain array copy. */
    public String[] toArray() {
        return scopes.clone();
    }
}
