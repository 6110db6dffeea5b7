package io.taskgate.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An access token from Taskgate's token endpoint by the client-credentials grant
 * (<a href="https://www.rfc-editor.org/rfc/rfc6749#section-4.4">RFC 6749 §4.4</a>), cached and refreshed
 * before it expires.
 *
 * <p>A token expires {@code expires_in} after the instant its request was sent, so the time on the wire
 * counts against it. It is refreshed from the instant its remaining lifetime reaches the margin
 * min(60 s, half its lifetime): a minute of slack for long tokens, and short tokens still get used for
 * half their life. One refresh runs at a time; callers that arrive meanwhile wait for it and share its
 * result. If a refresh fails while the current token has not expired, that token is returned and the
 * next call tries again. Neither the secret nor a token appears in messages or {@link #toString}.
 */
public final class TokenSource {

    private static final Duration MAX_MARGIN = Duration.ofSeconds(60);

    /** An access token and the span it is valid for, counted from when its request was sent. */
    record Token(String value, Instant sentAt, Duration lifetime) {

        Instant expiresAt() {
            return sentAt.plus(lifetime);
        }

        Instant refreshAt() {
            Duration half = lifetime.dividedBy(2);
            return expiresAt().minus(half.compareTo(MAX_MARGIN) < 0 ? half : MAX_MARGIN);
        }

        @Override
        public String toString() {
            return "Token[(hidden), expiresAt=" + expiresAt() + "]";
        }
    }

    /** Asks the token endpoint for a new token. */
    @FunctionalInterface
    interface Fetcher {
        Token fetch() throws IOException;
    }

    private final Fetcher fetcher;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Token current;             // null before the first fetch and after invalidate()
    private volatile long attempts;             // finished refresh attempts; written under the lock
    private RuntimeException lastFailure;       // guarded by the lock; null after a success

    /** A token source for {@code POST <rootUrl>/oauth/token}; empty scopes request the client's default. */
    public TokenSource(String rootUrl, String clientId, String clientSecret, Optional<String> audience, List<String> scopes, Clock clock) {
        this(new HttpFetcher(URI.create(rootUrl.replaceAll("/+$", "") + "/oauth/token"), clientId, clientSecret, audience, scopes, clock), clock);
    }

    TokenSource(Fetcher fetcher, Clock clock) {
        this.fetcher = fetcher;
        this.clock = clock;
    }

    /**
     * The cached access token, fetched first if it is due for refresh.
     *
     * @throws TaskgateException when the endpoint refuses and no unexpired token is left
     * @throws UncheckedIOException when the endpoint cannot be reached and no unexpired token is left
     */
    public String accessToken() {
        long seen = attempts;
        Token token = current;
        Instant asked = clock.instant();
        if (token != null && asked.isBefore(token.refreshAt())) {
            return token.value();
        }
        if (token != null && asked.isBefore(token.expiresAt())) {
            if (!lock.tryLock()) {
                return token.value(); // still valid: let the caller that is refreshing do it, without waiting
            }
        } else {
            lock.lock();
        }
        try {
            token = current;
            Instant now = clock.instant();
            if (token != null && now.isBefore(token.refreshAt())) {
                return token.value();       // refreshed by the caller we waited for
            }
            if (attempts != seen && lastFailure != null) {  // a refresh failed while we waited: share its outcome, don't repeat it
                if (token != null && now.isBefore(token.expiresAt())) {
                    return token.value();
                }
                throw lastFailure;
            }
            return refresh(token);
        } finally {
            lock.unlock();
        }
    }

    /** {@code Bearer <token>}, for an {@code Authorization} header. */
    public String authorizationHeader() {
        return "Bearer " + accessToken();
    }

    /** Drops the cached token, so that the next call fetches a new one. */
    public void invalidate() {
        current = null;
    }

    /**
     * Drops the cached token if it is still {@code refused}, for instance after a 401 for it; a
     * token that has been refreshed since is kept.
     */
    public void invalidate(String refused) {
        Token token = current;
        if (token != null && token.value().equals(refused)) {
            current = null;
        }
    }

    /** Callers waiting for a refresh; for tests. */
    int waitingCallers() {
        return lock.getQueueLength();
    }

    private String refresh(Token old) {
        lastFailure = null;
        try {
            Token fresh = fetcher.fetch();
            current = fresh;
            return fresh.value();
        } catch (IOException e) {
            lastFailure = new UncheckedIOException("fetching an access token failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            lastFailure = e;
        } finally {
            attempts++;     // counted when finished, so callers that arrived during this attempt see it
        }
        if (old != null && clock.instant().isBefore(old.expiresAt())) {    // now, since a failing fetch can take its timeout
            return old.value();
        }
        throw lastFailure;
    }

    /**
     * {@code Basic base64(id:secret)} with both parts form-urlencoded first, as
     * <a href="https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1">RFC 6749 §2.3.1</a> requires.
     */
    static String basicAuthorization(String clientId, String clientSecret) {
        String pair = form(clientId) + ":" + form(clientSecret);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "TokenSource[" + fetcher + "]";
    }

    /** The client-credentials request over HTTP (RFC 6749 §4.4.2, §5.1, §5.2). */
    private static final class HttpFetcher implements Fetcher {

        private final URI endpoint;
        private final String clientId;
        private final String authorization;
        private final String body;
        private final Clock clock;
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

        HttpFetcher(URI endpoint, String clientId, String clientSecret, Optional<String> audience, List<String> scopes, Clock clock) {
            this.endpoint = endpoint;
            this.clientId = clientId;
            this.authorization = basicAuthorization(clientId, clientSecret);
            this.body = "grant_type=client_credentials"
                    + audience.map(a -> "&audience=" + form(a)).orElse("")
                    + (scopes.isEmpty() ? "" : "&scope=" + form(String.join(" ", scopes)));
            this.clock = clock;
        }

        @Override
        public Token fetch() throws IOException {
            HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept", "application/json")
                    .header("Authorization", authorization)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            Instant sentAt = clock.instant();   // the lifetime runs from here, not from the reply
            HttpResponse<byte[]> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while requesting a token from " + endpoint);
            }
            JsonNode json = parse(response.body());
            if (response.statusCode() != 200) {
                throw new TaskgateException(response.statusCode(), json.path("error").asText("Unknown"),
                        json.path("error_description").asText("HTTP " + response.statusCode() + " from " + endpoint));
            }
            long expiresIn = json.path("expires_in").asLong(0);
            if (!json.path("access_token").isTextual() || !"Bearer".equalsIgnoreCase(json.path("token_type").asText()) || expiresIn <= 0) {
                throw new IOException("the token response from " + endpoint + " lacks a Bearer access_token with a positive expires_in");
            }
            return new Token(json.get("access_token").asText(), sentAt, Duration.ofSeconds(expiresIn));
        }

        private static JsonNode parse(byte[] body) {
            try {
                return body.length == 0 ? ApiClient.JSON.missingNode() : ApiClient.JSON.readTree(body);
            } catch (IOException e) {
                return ApiClient.JSON.missingNode();    // not JSON, such as a proxy's error page
            }
        }

        @Override
        public String toString() {
            return endpoint + ", clientId=" + clientId + ", secret=(hidden)";
        }
    }
}
