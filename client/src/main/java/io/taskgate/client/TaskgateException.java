package io.taskgate.client;

/** An API error answered by the server: its HTTP status, its code, and its message. */
public final class TaskgateException extends RuntimeException {

    private final int status;
    private final String code;

    public TaskgateException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    /** The error code, such as {@code InsufficientScopes}. */
    public String code() {
        return code;
    }
}
