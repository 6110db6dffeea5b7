package io.taskgate.server.http;

import java.util.Map;

/**
 * What a handler answers: a status, a body that Jackson writes as JSON (null for none), and any
 * extra response headers.
 */
public record Reply(int status, Object body, Map<String, String> headers) {

    public Reply {
        headers = Map.copyOf(headers);
    }

    public Reply(int status, Object body) {
        this(status, body, Map.of());
    }

    public static Reply ok(Object body) {
        return new Reply(200, body);
    }
}
