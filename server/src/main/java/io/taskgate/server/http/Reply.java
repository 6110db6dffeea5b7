package io.taskgate.server.http;

import java.util.Map;

/**
 * What a handler answers: a status, a body that Jackson writes as JSON (null for none), any extra
 * response headers, and {@code Set-Cookie} values.
 */
public record Reply(int status, Object body, Map<String, String> headers, java.util.List<String> cookies) {

    public Reply {
        headers = Map.copyOf(headers);
        cookies = java.util.List.copyOf(cookies);
    }

    public Reply(int status, Object body, Map<String, String> headers) {
        this(status, body, headers, java.util.List.of());
    }

    public Reply(int status, Object body) {
        this(status, body, Map.of());
    }

    public static Reply ok(Object body) {
        return new Reply(200, body);
    }
}
