package io.taskgate.hawk;

import java.util.Optional;

/**
 * The attributes of an {@code Authorization: Hawk ...} header, as sent. {@code ts} stays a string
 * because the MAC covers it exactly as written. {@code hash} and {@code ext} are empty when absent.
 */
public record HawkHeader(String id, String ts, String nonce, Optional<String> hash, Optional<String> ext, String mac) {

    /** Hawk's limit on the header, in characters. */
    public static final int MAX_LENGTH = 4096;

    /** The attributes Hawk knows, in the order of {@link #attribute}. */
    private static final String[] KNOWN = {"id", "ts", "nonce", "hash", "ext", "mac", "app", "dlg"};
    /** Word characters: {@code [A-Za-z0-9_]}. */
    private static final boolean[] WORD_CHAR = new boolean[128];
    /** Characters Hawk allows in attribute values: space, word characters and most punctuation. */
    private static final boolean[] VALUE_CHAR = new boolean[128];

    static {
        for (char c = 'a'; c <= 'z'; c++) {
            WORD_CHAR[c] = true;
            WORD_CHAR[Character.toUpperCase(c)] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            WORD_CHAR[c] = true;
        }
        WORD_CHAR['_'] = true;
        System.arraycopy(WORD_CHAR, 0, VALUE_CHAR, 0, 128);
        for (char c : " !#$%&'()*+,-./:;<=>?@[]^`{|}~".toCharArray()) {
            VALUE_CHAR[c] = true;
        }
    }

    /** True when the header names the Hawk scheme, whatever its attributes; other schemes are not ours. */
    public static boolean isHawk(String authorization) {
        int end = wordEnd(authorization, 0);
        return end == 4 && authorization.regionMatches(true, 0, "hawk", 0, 4)
                && (authorization.length() == 4 || isSpace(authorization.charAt(4)));
    }

    /**
     * Parses a Hawk header with Hawk's grammar and messages: {@code scheme attr="value", ...}, the
     * length limit, the allowed value characters, no unknown or repeated attributes, and id, ts, nonce
     * and mac present. A hand-written scanner of the same grammar as Hawk's regular expressions.
     */
    public static HawkHeader parse(String authorization) throws HawkException {
        String h = authorization;
        int n = h.length();
        if (n > MAX_LENGTH) {
            throw HawkException.badRequest("Header length too long");
        }
        if (h.indexOf('\n') >= 0 || h.indexOf('\r') >= 0 || h.indexOf('\u0085') >= 0 || h.indexOf('\u2028') >= 0
                || h.indexOf('\u2029') >= 0) {
            throw HawkException.badRequest("Invalid header syntax"); // '.' in Hawk's pattern stops at line ends
        }
        int schemeEnd = wordEnd(h, 0);
        if (schemeEnd == 0 || (schemeEnd < n && !isSpace(h.charAt(schemeEnd)))) {
            throw HawkException.badRequest("Invalid header syntax");
        }
        if (!(schemeEnd == 4 && h.regionMatches(true, 0, "hawk", 0, 4))) {
            throw HawkException.plain("Unauthorized"); // Hawk's bare 401 for another scheme
        }
        int at = schemeEnd;
        while (at < n && isSpace(h.charAt(at))) {
            at++;
        }
        if (at == n) {
            throw HawkException.badRequest("Invalid header syntax");
        }
        String[] values = new String[KNOWN.length];
        while (at < n) {
            int nameEnd = wordEnd(h, at);
            if (nameEnd == at || nameEnd + 1 >= n || h.charAt(nameEnd) != '=' || h.charAt(nameEnd + 1) != '"') {
                throw HawkException.badRequest("Bad header format");
            }
            int valueStart = nameEnd + 2;
            int valueEnd = valueStart;
            boolean valid = true;
            char c;
            while (valueEnd < n && (c = h.charAt(valueEnd)) != '"' && c != '\\') {
                valid &= c < 128 && VALUE_CHAR[c];
                valueEnd++;
            }
            if (valueEnd == n || h.charAt(valueEnd) != '"') {
                throw HawkException.badRequest("Bad header format");
            }
            int next = valueEnd + 1;
            while (next < n && isSpace(h.charAt(next))) {
                next++;
            }
            if (next < n) {
                if (h.charAt(next) != ',') {
                    throw HawkException.badRequest("Bad header format");
                }
                next++;
                while (next < n && isSpace(h.charAt(next))) {
                    next++;
                }
            }
            int attribute = attribute(h, at, nameEnd);
            if (attribute < 0) {
                throw HawkException.badRequest("Unknown attribute: " + h.substring(at, nameEnd));
            }
            if (valueEnd == valueStart || !valid) {
                throw HawkException.badRequest("Bad attribute value: " + KNOWN[attribute]);
            }
            if (values[attribute] != null) {
                throw HawkException.badRequest("Duplicate attribute: " + KNOWN[attribute]);
            }
            values[attribute] = h.substring(valueStart, valueEnd); // app and dlg: allowed, unused by Taskcluster
            at = next;
        }
        if (values[0] == null || values[1] == null || values[2] == null || values[5] == null) {
            throw HawkException.badRequest("Missing attributes");
        }
        return new HawkHeader(values[0], values[1], values[2], Optional.ofNullable(values[3]),
                Optional.ofNullable(values[4]), values[5]);
    }

    /** Index in {@link #KNOWN} of the attribute named {@code s[from, to)}, or -1. */
    private static int attribute(String s, int from, int to) {
        for (int i = 0; i < KNOWN.length; i++) {
            if (KNOWN[i].length() == to - from && s.startsWith(KNOWN[i], from)) {
                return i;
            }
        }
        return -1;
    }

    private static int wordEnd(String s, int from) {
        int i = from;
        while (i < s.length() && isWord(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isWord(char c) {
        return c < 128 && WORD_CHAR[c];
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    /** The header as a client sends it. */
    public String toHeaderValue() {
        StringBuilder sb = new StringBuilder("Hawk id=\"").append(id).append("\", ts=\"").append(ts)
                .append("\", nonce=\"").append(nonce).append('"');
        hash.ifPresent(h -> sb.append(", hash=\"").append(h).append('"'));
        ext.ifPresent(e -> sb.append(", ext=\"").append(e).append('"'));
        return sb.append(", mac=\"").append(mac).append('"').toString();
    }
}
