package io.taskgate.client;

import io.taskgate.hawk.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class TokenSourceTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final String SECRET = "s3cret-do-not-print";

    private final MutableClock clock = new MutableClock(T0);
    private final FakeEndpoint endpoint = new FakeEndpoint();
    private final TokenSource source = new TokenSource(endpoint, clock);
    private HttpServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void firstCall_fetches_andASecondCallWithinTheLifetime_doesNot() {
        assertThat(source.accessToken()).isEqualTo("t1");
        clock.advance(Duration.ofSeconds(100));
        assertThat(source.accessToken()).isEqualTo("t1");
        assertThat(source.authorizationHeader()).isEqualTo("Bearer t1");
        assertThat(endpoint.fetches.get()).isEqualTo(1);
    }

    @Test
    void refresh_startsWhenSixtySecondsAreLeft_beforeExpiry() {
        source.accessToken();
        clock.set(T0.plusSeconds(240).minusMillis(1));
        assertThat(source.accessToken()).isEqualTo("t1");
        clock.set(T0.plusSeconds(240));
        assertThat(source.accessToken()).isEqualTo("t2");
        assertThat(source.accessToken()).isEqualTo("t2");
        assertThat(endpoint.fetches.get()).isEqualTo(2);
    }

    @Test
    void shortToken_refreshesAtHalfItsLifetime() {
        endpoint.lifetime = Duration.ofSeconds(10);
        source.accessToken();
        clock.set(T0.plusSeconds(5).minusMillis(1));
        assertThat(source.accessToken()).isEqualTo("t1");
        clock.set(T0.plusSeconds(5));
        assertThat(source.accessToken()).isEqualTo("t2");
    }

    @Test
    void concurrentCallers_whenARefreshIsDue_getTheValidTokenAtOnce_whileOneFetchRuns() throws Exception {
        source.accessToken();
        clock.advance(Duration.ofSeconds(250));
        endpoint.entered = new CountDownLatch(1);
        endpoint.release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            Future<String> refresher = pool.submit(() -> source.accessToken());
            endpoint.entered.await();
            List<Future<String>> others = IntStream.range(0, 31).mapToObj(i -> pool.submit(() -> source.accessToken())).toList();
            for (Future<String> f : others) {
                assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo("t1"); // answered while the fetch is still held open
            }
            endpoint.release.countDown();
            assertThat(refresher.get(10, TimeUnit.SECONDS)).isEqualTo("t2");
        } finally {
            pool.shutdownNow();
        }
        assertThat(endpoint.fetches.get()).isEqualTo(2);
        assertThat(source.accessToken()).isEqualTo("t2");
    }

    @Test
    void concurrentCallers_withoutAValidToken_shareOneFetch() throws Exception {
        assertThat(callConcurrently(32)).hasSize(32).containsOnly("t1");
        assertThat(endpoint.fetches.get()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(301)); // expired: everyone waits for the one refresh
        assertThat(callConcurrently(32)).hasSize(32).containsOnly("t2");
        assertThat(endpoint.fetches.get()).isEqualTo(2);
    }

    @Test
    void concurrentCallers_whenTheRefreshFails_shareItsOutcome_insteadOfRepeatingIt() throws Exception {
        source.accessToken();
        clock.advance(Duration.ofSeconds(301));
        endpoint.ioFailure = new IOException("connection refused");
        assertThat(callConcurrently(8)).containsOnly("failed: UncheckedIOException");
        assertThat(endpoint.fetches.get()).isEqualTo(2);
    }

    @Test
    void invalidatingARefusedToken_keepsOneRefreshedSince() {
        String first = source.accessToken();
        clock.advance(Duration.ofSeconds(250));
        String second = source.accessToken();
        source.invalidate(first); // a late 401 for the old token
        assertThat(source.accessToken()).isEqualTo(second);
        source.invalidate(second);
        assertThat(source.accessToken()).isEqualTo("t3");
    }

    @Test
    void failedRefresh_whileTheTokenIsValid_returnsIt_andTheNextCallTriesAgain() {
        source.accessToken();
        clock.advance(Duration.ofSeconds(250));
        endpoint.ioFailure = new IOException("connection refused");
        assertThat(source.accessToken()).isEqualTo("t1");
        endpoint.ioFailure = null;
        assertThat(source.accessToken()).isEqualTo("t3");
        assertThat(endpoint.fetches.get()).isEqualTo(3);
    }

    @Test
    void failedRefresh_afterExpiry_throws() {
        source.accessToken();
        clock.advance(Duration.ofSeconds(300));
        endpoint.ioFailure = new IOException("connection refused");
        assertThatThrownBy(source::accessToken).isInstanceOf(UncheckedIOException.class).hasMessageContaining("connection refused");
    }

    @Test
    void failedRefresh_thatOutlastsTheOldToken_throws() {
        source.accessToken();
        clock.advance(Duration.ofSeconds(250));
        endpoint.takes = Duration.ofSeconds(60);
        endpoint.ioFailure = new IOException("timed out");
        assertThatThrownBy(source::accessToken).isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void refusedFirstFetch_throwsTheServersError() {
        endpoint.refusal = new TaskgateException(401, "invalid_client", "client authentication failed");
        assertThatThrownBy(source::accessToken).isSameAs(endpoint.refusal);
    }

    @Test
    void invalidate_forcesAFetch() {
        source.accessToken();
        source.invalidate();
        assertThat(source.accessToken()).isEqualTo("t2");
    }

    @Test
    void invalidatedToken_isNotReturned_whenTheRefetchFails() {
        source.accessToken();
        source.invalidate();
        endpoint.ioFailure = new IOException("connection refused");
        assertThatThrownBy(source::accessToken).isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void basicAuthorization_formEncodesIdAndSecretBeforeBase64() {
        String header = TokenSource.basicAuthorization("static/taskgate/root", "a:b c");
        assertThat(header).startsWith("Basic ");
        String pair = new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8);
        assertThat(pair).isEqualTo("static%2Ftaskgate%2Froot:a%3Ab+c");
        // the server splits at the first ':' (there is only one) and form-decodes each half
        String[] parts = pair.split(":");
        assertThat(URLDecoder.decode(parts[0], StandardCharsets.UTF_8)).isEqualTo("static/taskgate/root");
        assertThat(URLDecoder.decode(parts[1], StandardCharsets.UTF_8)).isEqualTo("a:b c");
    }

    @Test
    void overHttp_sendsTheClientCredentialsRequest_andCountsTheLifetimeFromWhenItWasSent() throws Exception {
        List<String> seen = serve(200, """
                {"access_token":"jwt-1","token_type":"Bearer","expires_in":300,"scope":"queue:*","refresh_expires_in":0,"not-before-policy":0}""");
        TokenSource http = new TokenSource("http://127.0.0.1:" + server.getAddress().getPort() + "/", "static/taskgate/root", SECRET,
                Optional.of("taskgate"), List.of("queue:create-task:*", "auth:current-scopes"), clock);

        assertThat(http.accessToken()).isEqualTo("jwt-1");
        assertThat(seen).containsExactly("POST application/x-www-form-urlencoded "
                + TokenSource.basicAuthorization("static/taskgate/root", SECRET) + " "
                + "grant_type=client_credentials&audience=taskgate&scope=queue%3Acreate-task%3A*+auth%3Acurrent-scopes");
        // the reply came 20 s after the request, so 60 s before expiry is T0 + 240 s, not T0 + 260 s
        clock.set(T0.plusSeconds(240).minusMillis(1));
        http.accessToken();
        assertThat(seen).hasSize(1);
        clock.set(T0.plusSeconds(240));
        http.accessToken();
        assertThat(seen).hasSize(2);
    }

    @Test
    void overHttp_invalidClient_throwsTheOAuthError_withoutTheSecret() throws Exception {
        serve(401, """
                {"error":"invalid_client","error_description":"client authentication failed"}""");
        TokenSource http = new TokenSource("http://127.0.0.1:" + server.getAddress().getPort(), "a:b", SECRET,
                Optional.empty(), List.of(), clock);

        Throwable thrown = catchThrowable(http::accessToken);
        assertThat(thrown).isInstanceOf(TaskgateException.class).hasMessage("client authentication failed");
        assertThat(((TaskgateException) thrown).status()).isEqualTo(401);
        assertThat(((TaskgateException) thrown).code()).isEqualTo("invalid_client");
        assertThat(thrown.toString()).doesNotContain(SECRET);
        assertThat(http.toString()).contains("a:b").doesNotContain(SECRET);
    }

    @Test
    void overHttp_unreachableEndpoint_throwsUncheckedIOException_withoutTheSecret() {
        TokenSource http = new TokenSource("http://127.0.0.1:1", "a:b", SECRET, Optional.empty(), List.of(), clock);
        Throwable thrown = catchThrowable(http::accessToken);
        assertThat(thrown).isInstanceOf(UncheckedIOException.class);
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(SECRET);
        }
    }

    /** Calls accessToken from n threads while the fetch is held open until the other n - 1 wait for it; a failure reads "failed: <type>". */
    private List<String> callConcurrently(int n) throws Exception {
        endpoint.entered = new CountDownLatch(1);
        endpoint.release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<String>> futures = IntStream.range(0, n).mapToObj(i -> pool.submit(() -> source.accessToken())).toList();
            endpoint.entered.await();
            while (source.waitingCallers() < n - 1) {
                Thread.onSpinWait();
            }
            endpoint.release.countDown();
            List<String> tokens = new CopyOnWriteArrayList<>();
            for (Future<String> f : futures) {
                try {
                    tokens.add(f.get(10, TimeUnit.SECONDS));
                } catch (java.util.concurrent.ExecutionException e) {
                    tokens.add("failed: " + e.getCause().getClass().getSimpleName());
                }
            }
            return tokens;
        } finally {
            pool.shutdownNow();
        }
    }

    /** A token endpoint on a free port that answers every request with {@code status} and {@code reply}, 20 s later by the clock. */
    private List<String> serve(int status, String reply) throws IOException {
        List<String> seen = new CopyOnWriteArrayList<>();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/oauth/token", exchange -> {
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("Content-Type") + " "
                    + exchange.getRequestHeaders().getFirst("Authorization") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            clock.advance(Duration.ofSeconds(20));
            byte[] body = reply.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return seen;
    }

    /** Hands out tokens t1, t2, … valid for {@link #lifetime} from when asked; can take time, fail, or hold a fetch open. */
    private final class FakeEndpoint implements TokenSource.Fetcher {
        final AtomicInteger fetches = new AtomicInteger();
        volatile Duration lifetime = Duration.ofSeconds(300);
        volatile Duration takes = Duration.ZERO;
        volatile IOException ioFailure;
        volatile RuntimeException refusal;
        volatile CountDownLatch entered;
        volatile CountDownLatch release;

        @Override
        public TokenSource.Token fetch() throws IOException {
            int n = fetches.incrementAndGet();
            Instant sentAt = clock.instant();
            if (release != null) {
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            clock.advance(takes);
            if (ioFailure != null) {
                throw ioFailure;
            }
            if (refusal != null) {
                throw refusal;
            }
            return new TokenSource.Token("t" + n, sentAt, lifetime);
        }
    }
}
