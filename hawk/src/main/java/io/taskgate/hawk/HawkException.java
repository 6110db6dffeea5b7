package io.taskgate.hawk;

/**
 * A request that Hawk authentication refuses. The message is worded as Taskcluster words it, since
 * clients show it to people: Hawk's own failures carry their HTTP reason as a prefix
 * ({@code Unauthorized: Bad mac}, {@code Bad Request: Missing attributes}); certificate and ext
 * failures are plain ({@code ext.certificate.expiry < now}). Every one answers 401.
 */
public final class HawkException extends Exception {

    private HawkException(String message) {
        super(message, null, false, false); // expected on bad input: no stack trace to fill
    }

    /** A failure Hawk reports as 401 Unauthorized. */
    public static HawkException unauthorized(String message) {
        return new HawkException("Unauthorized: " + message);
    }

    /** A failure Hawk reports as 400 Bad Request (Taskcluster still answers 401). */
    public static HawkException badRequest(String message) {
        return new HawkException("Bad Request: " + message);
    }

    /** A failure in Taskcluster's own words, without a prefix. */
    public static HawkException plain(String message) {
        return new HawkException(message);
    }
}
