package io.taskgate.server.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the route for a method and a raw path. Parameters are decoded one segment at a time, so a
 * task queue id sent as {@code prov%2Fworker} arrives as {@code prov/worker} while the MAC still
 * covers the raw path. A trailing slash is optional, as in Taskcluster's router.
 */
public final class Router {

    /** A matched route and its decoded parameters. */
    public record Match(Route route, Map<String, String> params) {}

    private record Compiled(Route route, List<String> segments) {}

    private final List<Compiled> routes = new ArrayList<>();

    public Router(List<Route> table) {
        for (Route r : table) {
            routes.add(new Compiled(r, r.segments()));
        }
    }

    /** The route for {@code method} and the raw (still percent-encoded) {@code rawPath}, if any. */
    public Optional<Match> match(String method, String rawPath) {
        List<String> given = new ArrayList<>();
        for (String s : rawPath.split("/", -1)) {
            if (!s.isEmpty()) {
                given.add(s);
            }
        }
        for (Compiled c : routes) {
            if (!c.route().method().equals(method) || c.segments().size() != given.size()) {
                continue;
            }
            Map<String, String> params = new LinkedHashMap<>();
            boolean ok = true;
            for (int i = 0; i < given.size() && ok; i++) {
                String pattern = c.segments().get(i);
                if (pattern.startsWith("<") && pattern.endsWith(">")) {
                    Optional<String> value = decode(given.get(i));
                    ok = value.isPresent();
                    value.ifPresent(v -> params.put(pattern.substring(1, pattern.length() - 1), v));
                } else {
                    ok = pattern.equals(given.get(i));
                }
            }
            if (ok) {
                return Optional.of(new Match(c.route(), params));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> decode(String segment) {
        try {
            return Optional.of(URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Every route, in table order. */
    public List<Route> routes() {
        return routes.stream().map(Compiled::route).toList();
    }
}
