package io.taskgate.server.http;

import java.util.Map;

/**
 * An OAuth 2.0 error (RFC 6749 §5.2): a status, an {@code error} code that clients switch on, and
 * a description for people. Mapped to {@code {error, error_description}} in one place,
 * {@link ApiServer}, with any headers it carries (such as a {@code WWW-Authenticate: Basic}
 * challenge).
 */
public final class OAuthError extends RuntimeException {

    private final int status;
    private final String error;
    private final Map<String, String> headers;

    public OAuthError(int status, String error, String description, Map<String, String> headers) {
        super(description, null, false, false);
        this.status = status;
        this.error = error;
        this.headers = Map.copyOf(headers);
    }

    public OAuthError(int status, String error, String description) {
        this(status, error, description, Map.of());
    }

    public static OAuthError invalidRequest(String description) {
        return new OAuthError(400, "invalid_request", description);
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
