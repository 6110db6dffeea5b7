package io.taskgate.hawk;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The attributes of an {@code Authorization: Hawk ...} header, as sent. {@code ts} stays a string
 * because the MAC covers it exactly as written. {@code hash} and {@code ext} are empty when absent.
 */
public record HawkHeader(String id, String ts, String nonce, Optional<String> hash, Optional<String> ext, String mac) {

    /** Hawk's limit on the header, in characters. */
    public static final int MAX_LENGTH = 4096;

    private static final Pattern SCHEME = Pattern.compile("^(\\w+)(?:\\s+(.*))?$");
    private static final Pattern ATTRIBUTE = Pattern.compile("(\\w+)=\"([^\"\\\\]*)\"\\s*(?:,\\s*|$)");
    private static final Pattern VALUE = Pattern.compile("^[ \\w!#$%&'()*+,\\-./:;<=>?@\\[\\]^`{|}~]+$");
    private static final java.util.Set<String> KNOWN = java.util.Set.of("id", "ts", "nonce", "hash", "ext", "mac", "app", "dlg");

    /** True when the header names the Hawk scheme, whatever its attributes; other schemes are not ours. */
    public static boolean isHawk(String authorization) {
        Matcher m = SCHEME.matcher(authorization);
        return m.matches() && m.group(1).equalsIgnoreCase("hawk");
    }

    /**
     * Parses a Hawk header with Hawk's rules and messages: the length limit, the attribute syntax,
     * the allowed value characters, no unknown or repeated attributes, and id, ts, nonce and mac
     * present.
     */
    public static HawkHeader parse(String authorization) throws HawkException {
        if (authorization.length() > MAX_LENGTH) {
            throw HawkException.badRequest("Header length too long");
        }
        Matcher scheme = SCHEME.matcher(authorization);
        if (!scheme.matches()) {
            throw HawkException.badRequest("Invalid header syntax");
        }
        if (!scheme.group(1).equalsIgnoreCase("hawk")) {
            throw HawkException.plain("Unauthorized"); // Hawk's bare 401 for another scheme
        }
        String attributes = scheme.group(2);
        if (attributes == null || attributes.isEmpty()) {
            throw HawkException.badRequest("Invalid header syntax");
        }
        Map<String, String> values = new HashMap<>();
        Matcher m = ATTRIBUTE.matcher(attributes);
        int at = 0;
        while (at < attributes.length()) {
            if (!m.find(at) || m.start() != at) {
                throw HawkException.badRequest("Bad header format");
            }
            String name = m.group(1);
            String value = m.group(2);
            if (!KNOWN.contains(name)) {
                throw HawkException.badRequest("Unknown attribute: " + name);
            }
            if (!VALUE.matcher(value).matches()) {
                throw HawkException.badRequest("Bad attribute value: " + name);
            }
            if (values.put(name, value) != null) {
                throw HawkException.badRequest("Duplicate attribute: " + name);
            }
            at = m.end();
        }
        String id = values.get("id");
        String ts = values.get("ts");
        String nonce = values.get("nonce");
        String mac = values.get("mac");
        if (id == null || ts == null || nonce == null || mac == null) {
            throw HawkException.badRequest("Missing attributes");
        }
        return new HawkHeader(id, ts, nonce, Optional.ofNullable(values.get("hash")),
                Optional.ofNullable(values.get("ext")), mac);
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
