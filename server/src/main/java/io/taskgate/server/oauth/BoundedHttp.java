package io.taskgate.server.oauth;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One outbound HTTP exchange with another server (an identity provider), held to a single deadline
 * for the whole exchange, body included, and to a limit on the body's size. The connect timeout is
 * the {@link HttpClient}'s own. Error messages name the URL without its query and never the
 * request's body or headers, where credentials travel.
 */
public final class BoundedHttp {

    /** What the other server answered: status, {@code Content-Type} if any, and the body as UTF-8. */
    public record Answer(int status, Optional<String> contentType, String body) {}

    private BoundedHttp() {}

    /**
     * Sends {@code request} and reads the answer.
     *
     * @throws IOException when the server cannot be reached, does not answer in time, or sends
     *     more than {@code maxBody} bytes
     */
    public static Answer send(HttpClient http, HttpRequest request, Duration deadline, int maxBody) throws IOException {
        String where = where(request.uri());
        long until = System.nanoTime() + deadline.toNanos();
        try {
            HttpResponse<InputStream> response = http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                    .get(remaining(until), TimeUnit.NANOSECONDS);
            try (InputStream in = response.body()) {
                // The read runs apart so that a body trickling in slowly is cut off by closing the stream.
                CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
                    try {
                        return in.readNBytes(maxBody + 1);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, command -> Thread.ofVirtual().start(command));
                byte[] body = read.get(remaining(until), TimeUnit.NANOSECONDS);
                if (body.length > maxBody) {
                    throw new IOException(where + " sent more than " + maxBody + " bytes");
                }
                return new Answer(response.statusCode(), response.headers().firstValue("Content-Type"),
                        new String(body, StandardCharsets.UTF_8));
            }
        } catch (TimeoutException e) {
            throw new IOException(where + " did not answer within " + deadline.toSeconds() + " s");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof UncheckedIOException u ? u.getCause() : e.getCause();
            throw new IOException(where + ": " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while calling " + where);
        }
    }

    /** The URL without user info, query or fragment, which may carry values that do not belong in a log. */
    static String where(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    private static long remaining(long until) {
        return Math.max(1, until - System.nanoTime());
    }
}
