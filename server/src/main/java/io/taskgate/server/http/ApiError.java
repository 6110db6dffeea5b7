package io.taskgate.server.http;

import java.util.Map;

/**
 * A Taskcluster API error: an HTTP status, a code clients switch on, a message for people, and
 * optional details. Mapped to {@code {code, message, requestInfo, details?}} in one place,
 * {@link ApiServer}.
 */
public final class ApiError extends RuntimeException {

    private final int status;
    private final String code;
    private final Map<String, Object> details;
    private final String challenge;
    private final Map<String, String> headers;

    public ApiError(int status, String code, String message, Map<String, Object> details) {
        this(status, code, message, details, "hawk", Map.of());
    }

    private ApiError(int status, String code, String message, Map<String, Object> details, String challenge,
            Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.details = details == null ? Map.of() : Map.copyOf(details);
        this.challenge = challenge;
        this.headers = Map.copyOf(headers);
    }

    public static ApiError input(String message) {
        return new ApiError(400, "InputError", message, null);
    }

    public static ApiError authenticationFailed(String message) {
        return new ApiError(401, "AuthenticationFailed", message, null);
    }

    /**
     * A Bearer token that was presented and refused (RFC 6750 §3.1): 401, with the challenge that
     * names {@code invalid_token} and why.
     */
    public static ApiError invalidToken(String message) {
        // RFC 6750 allows no quote, backslash or control character in error_description.
        String description = message.replaceAll("[^\\x20\\x21\\x23-\\x5b\\x5d-\\x7e]", "'");
        return new ApiError(401, "AuthenticationFailed", message, null,
                "Bearer error=\"invalid_token\", error_description=\"" + description + "\"", Map.of());
    }

    /** Too many failed sign-ins: 429, with {@code Retry-After} in whole seconds (RFC 9110 §10.2.3). */
    public static ApiError tooManyRequests(String message, java.time.Duration retryAfter) {
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        return new ApiError(429, "TooManyRequests", message, null, "hawk", Map.of("Retry-After", Long.toString(seconds)));
    }

    public static ApiError notFound(String message) {
        return new ApiError(404, "ResourceNotFound", message, null);
    }

    public static ApiError conflict(String message) {
        return new ApiError(409, "RequestConflict", message, null);
    }

    public static ApiError tooLarge(String message) {
        return new ApiError(413, "PayloadTooLarge", message, null);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Map<String, Object> details() {
        return details;
    }

    /** Headers the error reply carries besides the body. */
    public Map<String, String> headers() {
        return headers;
    }

    /** The {@code WWW-Authenticate} value a 401 carries. */
    public String challenge() {
        return challenge;
    }
}
