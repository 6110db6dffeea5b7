package io.taskgate.server.http;

/**
 * The error body a route's clients parse. Each API family has its own, and a route answers every
 * failure (routing, limits, credentials, scopes, input) in its family's format.
 */
public enum ErrorFormat {
    /** Taskcluster's {@code {code, message, requestInfo, details?}}. */
    TASKCLUSTER,
    /** RFC 6749 §5.2's {@code {error, error_description}}. */
    OAUTH,
    /** Camunda's session endpoints' {@code {message}}. */
    MESSAGE,
    /** An HTML page, for the sign-in and grant pages that people see in a browser. */
    HTML
}
