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

    /** A body sent as it is, such as a stylesheet. */
    public record Raw(String contentType, byte[] bytes) {}

    /** A page, with the headers every page carries. */
    public static Reply page(int status, Html page, String formTargets, java.util.List<String> cookies) {
        return new Reply(status, page, Html.headers(formTargets), cookies);
    }

    /** A 303 See Other to {@code location}, with the page headers (no referrer, no caching). */
    public static Reply seeOther(String location, java.util.List<String> cookies) {
        Map<String, String> headers = new java.util.HashMap<>(Html.headers(""));
        headers.put("Location", location);
        return new Reply(303, null, headers, cookies);
    }

    public static Reply ok(Object body) {
        return new Reply(200, body);
    }
}
