package io.taskgate.scopes;

import java.util.Comparator;

/**
 * Facts about single scopes: validity, pattern matching and Taskcluster's sort order.
 *
 * <p>A scope is a string of printable ASCII ({@code ^[\x20-\x7e]*$}). Only a final {@code *} is
 * special: the pattern {@code p*} matches every scope that starts with {@code p}.
 */
public final class Scopes {

    /** Taskcluster's {@code scopeCompare}: lexical on UTF-16 units after dropping one final '*'; {@code X*} before {@code X}. */
    public static final Comparator<String> ORDER = Scopes::compare;

    private Scopes() {}

    /** True when {@code scope} is printable ASCII, the empty string included. */
    public static boolean isValid(String scope) {
        if (scope == null) {
            return false;
        }
        for (int i = 0, n = scope.length(); i < n; i++) {
            char c = scope.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /**
     * True when a client or role may hold {@code scope}: valid, and not ending in {@code **}, which
     * Taskcluster rejects as an input error.
     */
    public static boolean isAssignable(String scope) {
        return isValid(scope) && !scope.endsWith("**");
    }

    /** True when {@code pattern} matches {@code scope}: equal, or a final '*' whose prefix starts the scope. */
    public static boolean matches(String pattern, String scope) {
        int n = pattern.length();
        if (n > 0 && pattern.charAt(n - 1) == '*') {
            return startsWithPrefix(scope, pattern, n - 1);
        }
        return pattern.equals(scope);
    }

    /** True for "*", "a*", "as*" ... "assume*": scopes that cover every {@code assume:} scope. */
    static boolean isAssumeStar(String scope) {
        int n = scope.length();
        return n >= 1 && n <= 7 && scope.charAt(n - 1) == '*' && "assume".regionMatches(0, scope, 0, n - 1);
    }

    /** True when the scope ends in the special '*'. */
    static boolean isStar(String scope) {
        int n = scope.length();
        return n > 0 && scope.charAt(n - 1) == '*';
    }

    /** True when {@code scope} starts with the first {@code prefixLength} characters of {@code star}. */
    static boolean startsWithPrefix(String scope, String star, int prefixLength) {
        return scope.length() >= prefixLength && scope.regionMatches(0, star, 0, prefixLength);
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

    /** The sort order of normal form; see {@link #ORDER}. */
    public static int compare(String a, String b) {
        int na = a.length();
        int nb = b.length();
        boolean aStar = na > 0 && a.charAt(na - 1) == '*';
        boolean bStar = nb > 0 && b.charAt(nb - 1) == '*';
        if (!aStar && !bStar) {
            return a.compareTo(b); // the common case, and an intrinsic
        }
        int ka = aStar ? na - 1 : na;
        int kb = bStar ? nb - 1 : nb;
        int k = Math.min(ka, kb);
        if (!a.regionMatches(0, b, 0, k)) {
            // The first difference lies inside both keys, where the plain order agrees.
            return a.compareTo(b);
        }
        if (ka != kb) {
            return ka - kb;
        }
        return aStar == bStar ? 0 : aStar ? -1 : 1;
    }
}
