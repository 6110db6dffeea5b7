package io.taskgate.server.http;

/** What a handler answers: a status and a body that Jackson writes as JSON (null for none). */
public record Reply(int status, Object body) {

    public static Reply ok(Object body) {
        return new Reply(200, body);
    }
}
