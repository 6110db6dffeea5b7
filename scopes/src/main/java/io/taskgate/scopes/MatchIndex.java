package io.taskgate.scopes;

/**
 * A hash index over one scope set, for sets that answer many satisfaction checks (a client's
 * expanded scopes). A scope is satisfied when the set holds it exactly, or holds {@code p*} for some
 * prefix {@code p} of it. The exact scopes sit in one open-addressing table; the star scopes sit in
 * another, keyed by the {@link String#hashCode} of their prefix. A check computes that same hash
 * over the scope's prefixes in one pass and probes only at the prefix lengths some star has.
 */
final class MatchIndex {

    private final String[] exact;
    private final int[] exactHashes;
    private final String[] stars;
    private final int[] starHashes;
    /** The distinct prefix lengths of the star scopes, ascending. */
    private final int[] starLengths;

    MatchIndex(String[] scopes) {
        int starCount = 0;
        java.util.BitSet lengths = new java.util.BitSet();
        for (String s : scopes) {
            if (Scopes.isStar(s)) {
                starCount++;
                lengths.set(s.length() - 1);
            }
        }
        exact = new String[capacity(scopes.length)];
        exactHashes = new int[exact.length];
        stars = new String[capacity(starCount)];
        starHashes = new int[stars.length];
        starLengths = lengths.stream().toArray();
        for (String s : scopes) {
            insert(exact, exactHashes, s, s.hashCode());
            if (Scopes.isStar(s)) {
                insert(stars, starHashes, s, prefixHash(s, 0, s.length() - 1, 0));
            }
        }
    }

    boolean satisfies(String scope) {
        int hash = scope.hashCode();
        int mask = exact.length - 1;
        for (int i = spread(hash) & mask; exact[i] != null; i = (i + 1) & mask) {
            if (exactHashes[i] == hash && exact[i].equals(scope)) {
                return true;
            }
        }
        int n = scope.length();
        int h = 0;
        int done = 0;
        for (int p : starLengths) {
            if (p > n) {
                return false;
            }
            h = prefixHash(scope, done, p, h);
            done = p;
            if (starAt(scope, p, h)) {
                return true;
            }
        }
        return false;
    }

    /** True when the star scope {@code scope[0, p) + "*"}, whose prefix hash is h, is present. */
    private boolean starAt(String scope, int p, int h) {
        int mask = stars.length - 1;
        for (int i = spread(h) & mask; stars[i] != null; i = (i + 1) & mask) {
            if (starHashes[i] == h && stars[i].length() == p + 1 && scope.regionMatches(0, stars[i], 0, p)) {
                return true;
            }
        }
        return false;
    }

    private static void insert(String[] table, int[] hashes, String s, int hash) {
        int mask = table.length - 1;
        int i = spread(hash) & mask;
        while (table[i] != null) {
            i = (i + 1) & mask;
        }
        table[i] = s;
        hashes[i] = hash;
    }

    /** Continues {@link String#hashCode} from {@code h}, the hash of {@code s[0, from)}, to {@code s[0, to)}. */
    private static int prefixHash(String s, int from, int to, int h) {
        for (int i = from; i < to; i++) {
            h = 31 * h + s.charAt(i);
        }
        return h;
    }

    private static int spread(int h) {
        return (h * 0x9E3779B9) >>> 7;
    }

    private static int capacity(int n) {
        return Integer.highestOneBit(Math.max(4, n) * 2 - 1) << 1;
    }
}
