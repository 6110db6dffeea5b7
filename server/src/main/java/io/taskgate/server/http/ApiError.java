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

    public ApiError(int status, String code, String message, Map<String, Object> details) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.details = details == null ? Map.of() : Map.copyOf(details);
    }

    public static ApiError input(String message) {
        return new ApiError(400, "InputError", message, null);
    }

    public static ApiError authenticationFailed(String message) {
        return new ApiError(401, "AuthenticationFailed", message, null);
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
}
