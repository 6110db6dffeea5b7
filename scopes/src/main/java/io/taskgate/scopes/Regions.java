package io.taskgate.scopes;

/** Allocation-free comparisons of a whole key against a region {@code s[from, to)} of another string. */
final class Regions {

    private Regions() {}

    /** Plain lexicographic comparison of {@code key} with {@code s[from, to)}. */
    static int compare(String key, String s, int from, int to) {
        int n = key.length();
        int m = to - from;
        int k = Math.min(n, m);
        for (int i = 0; i < k; i++) {
            char a = key.charAt(i);
            char b = s.charAt(from + i);
            if (a != b) {
                return a - b;
            }
        }
        return n - m;
    }

    /** True when {@code key} starts with {@code s[from, to)}. */
    static boolean startsWith(String key, String s, int from, int to) {
        int m = to - from;
        return key.length() >= m && key.regionMatches(0, s, from, m);
    }

    /** First index of the sorted {@code keys} at or after {@code s[from, to)}. */
    static int lowerBound(String[] keys, String s, int from, int to) {
        int lo = 0;
        int hi = keys.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (compare(keys[mid], s, from, to) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Length of the common prefix of {@code a} and {@code b}. */
    static int commonPrefix(String a, String b) {
        int k = Math.min(a.length(), b.length());
        int i = 0;
        while (i < k && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return i;
    }
}
