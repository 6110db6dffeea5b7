package io.taskgate.server.login;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where an Access Grant sends the browser back to: an {@code https://} URL, or {@code http://} on
 * localhost or 127.0.0.1 for development and the CLI. URLs with user information
 * ({@code https://good.example@evil.example}) are refused, as they exist to mislead the reader.
 */
public record GrantTarget(URI uri) {

    /** The longest target accepted, in characters. */
    public static final int MAX_LENGTH = 2048;

    /** The target, or why it is refused. */
    public static GrantTarget parse(String target) {
        if (target.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("target is longer than " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(target);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("target is not a valid URL");
        }
        String scheme = Optional.ofNullable(uri.getScheme()).map(s -> s.toLowerCase(Locale.ROOT)).orElse("");
        String host = Optional.ofNullable(uri.getHost()).map(h -> h.toLowerCase(Locale.ROOT)).orElse("");
        if (!uri.isAbsolute() || host.isEmpty() || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("target must be an absolute https:// URL with a host and no user name");
        }
        boolean loopback = host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
        if (!scheme.equals("https") && !(scheme.equals("http") && loopback)) {
            throw new IllegalArgumentException("target must be https://…, or http://localhost… or http://127.0.0.1… for development");
        }
        return new GrantTarget(uri);
    }

    /** The host, lower case, as the user must type it to confirm an unknown target. */
    public String host() {
        return uri.getHost().toLowerCase(Locale.ROOT);
    }

    /** {@code scheme://host[:port]}, as shown in large type and allowed as a form target. */
    public String origin() {
        return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getRawAuthority().toLowerCase(Locale.ROOT);
    }

    /**
     * The target with {@code params} added: to its own query (kept as it is), or after {@code #}
     * when {@code fragment} is set, so that they never reach the target server's logs.
     */
    public String with(Map<String, String> params, boolean fragment) {
        StringBuilder added = new StringBuilder();
        params.forEach((k, v) -> added.append(added.isEmpty() ? "" : "&").append(encode(k)).append('=').append(encode(v)));
        String s = uri.toString();
        int hash = s.indexOf('#');
        String base = hash < 0 ? s : s.substring(0, hash);
        String oldFragment = hash < 0 ? "" : s.substring(hash + 1);
        if (fragment) {
            return base + "#" + (oldFragment.isEmpty() ? "" : oldFragment + "&") + added;
        }
        String joiner = base.contains("?") ? (base.endsWith("?") || base.endsWith("&") ? "" : "&") : "?";
        return base + joiner + added + (hash < 0 ? "" : "#" + oldFragment);
    }

    /** Percent-encoding that every query parser reads back alike: spaces as %20, never +. */
    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
