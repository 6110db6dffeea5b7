package io.taskgate.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskgate.hawk.Certificate;
import io.taskgate.hawk.HawkSigner;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * End-to-end figures against the real server, started as its own process with {@code bin/serve}: start-up time on an existing data directory, requests per
 * second for each authenticated case divided by {@code GET /api/auth/v1/ping} in the same run,
 * client-credentials tokens per second beside Keycloak's, and the server's resident memory after
 * the load. Requests go over keep-alive loopback connections; Hawk headers are signed before the
 * timed phase, one per request, since nonces are single-use. The Bearer case fetches one token
 * before its phase and sends it with every request, as a client does until the token nears expiry.
 * The Basic case sends a user's name and password with every request; the user and its group's role
 * are created through the admin API before the first round, and one request before each phase has
 * the server check the password, so that the timed requests find it remembered.
 */
public final class EndToEnd {

    private static final String CLIENT = "static/bench";
    private static final String TOKEN = "YmVuY2gtY2xpZW50LXRva2VuLWZvci1lbmQtdG8tZW5k";
    /**
     * A second static client that only creates the Basic case's role and user, so that
     * {@link #CLIENT}'s scopes, and so the other cases' answers, stay as they were.
     */
    private static final String ADMIN = "static/bench-admin";
    private static final String ADMIN_TOKEN = "YmVuY2gtYWRtaW4tdG9rZW4tZm9yLWVuZC10by1lbmQ";
    private static final String USER = "bench-user";
    private static final String GROUP = "bench";
    private static final String PASSWORD = "bench-user-password-for-end-to-end";
    private static final int CONNECTIONS = 8;
    /** Keycloak's client-credentials tokens per second (min and max of its runs), from the OAuth issue. */
    private static final double KEYCLOAK_MIN = 1015;
    private static final double KEYCLOAK_MAX = 1095;
    /** The OAuth issue's target: ten times Keycloak's slower figure. */
    private static final double TOKENS_PER_SECOND_TARGET = 10 * KEYCLOAK_MIN;
    private static final String GRANT = "grant_type=client_credentials";
    private static final String GRANT_PAGE = "/login?target=https%3A%2F%2Fapp.example%2Fcb&description=**Bench**%20app%20lists%20tasks";

    /**
     * Requests per second, the server's CPU microseconds per request, response times seen by the
     * driver (median and 99th percentile, µs), and non-200 answers.
     */
    private record Result(String name, double perSecond, double cpuMicros, double p50Micros, double p99Micros, int errors) {

        static Result none(String name) {
            return new Result(name, 0, Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE, 0);
        }
    }

    public static void main(String[] args) throws Exception {
        Duration phase = Duration.ofSeconds(args.length > 0 ? Integer.parseInt(args[0]) : 12);
        Path serve = Path.of("bin/serve").toAbsolutePath();
        Path data = Files.createTempDirectory("taskgate-bench");
        int port = 18000 + new SecureRandom().nextInt(1000);

        Process first = start(serve, data, port);
        waitUntilServing(port, Duration.ofSeconds(30));
        stop(first);

        long t0 = System.nanoTime();
        Process server = start(serve, data, port);
        waitUntilServing(port, Duration.ofSeconds(30));
        double startupMs = (System.nanoTime() - t0) / 1e6;
        try {
            createUser(port);
            Instant loadStarted = Instant.now();
            Certificate.Minted temp = Certificate.mint(CLIENT, TOKEN, Optional.empty(), List.of("auth:current-scopes"),
                    Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofHours(1)), new SecureRandom());
            HawkSigner.Credentials permanentCreds = HawkSigner.Credentials.permanent(CLIENT, TOKEN);
            HawkSigner.Credentials temporaryCreds = new HawkSigner.Credentials(temp.clientId(), temp.accessToken(),
                    Optional.of(temp.certificate()), Optional.empty());
            // Two interleaved rounds; each case keeps its best, so warm-up and ordering favour none.
            List<Result> results = new ArrayList<>(List.of(
                    Result.none("GET /api/auth/v1/ping (no credentials)"),
                    Result.none("GET /api/auth/v1/scopes/current, Hawk, permanent credentials"),
                    Result.none("GET /api/auth/v1/scopes/current, Hawk, temporary credentials"),
                    Result.none("GET /api/auth/v1/scopes/current, Bearer JWT (one token, reused)"),
                    Result.none("GET /api/auth/v1/scopes/current, Basic (user, password remembered)"),
                    Result.none("GET /api/auth/v1/scopes/current, session cookie (one login, reused)"),
                    Result.none("POST /oauth/token, client_credentials, Basic, form body"),
                    Result.none("GET /login?target&description, the Access Grant page (session cookie)"),
                    Result.none("POST /login/grant, Grant Access: temporary credentials in a 303 (session cookie)")));
            long pid = server.pid();
            byte[] ping = ("GET /api/auth/v1/ping HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] tokenRequest = ("POST /oauth/token HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: " + basic(CLIENT, TOKEN)
                    + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " + GRANT.length() + "\r\n\r\n" + GRANT)
                    .getBytes(StandardCharsets.US_ASCII);
            byte[] userRequest = ("GET /api/auth/v1/scopes/current HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: "
                    + rfc7617(USER, PASSWORD) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            for (int round = 0; round < 2; round++) {
                keepBest(results, 0, run(results.get(0).name(), port, phase, i -> ping, pid));
                List<byte[]> permanent = sign(port, permanentCreds, phase);
                keepBest(results, 1, run(results.get(1).name(), port, phase, i -> i < permanent.size() ? permanent.get(i) : null, pid));
                List<byte[]> temporary = sign(port, temporaryCreds, phase);
                keepBest(results, 2, run(results.get(2).name(), port, phase, i -> i < temporary.size() ? temporary.get(i) : null, pid));
                // A token per round, so that none expires however long the phases are.
                byte[] bearer = ("GET /api/auth/v1/scopes/current HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: Bearer "
                        + fetchToken(port) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
                keepBest(results, 3, run(results.get(3).name(), port, phase, i -> bearer, pid));
                // The password is remembered for 5 minutes after a check; this one renews it if it lapsed.
                checkUser(port);
                keepBest(results, 4, run(results.get(4).name(), port, phase, i -> userRequest, pid));
                // A login per round, as a browser keeps its session cookie; GETs need no CSRF token.
                byte[] sessionRequest = ("GET /api/auth/v1/scopes/current HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nCookie: "
                        + login(port) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
                keepBest(results, 5, run(results.get(5).name(), port, phase, i -> sessionRequest, pid));
                keepBest(results, 6, run(results.get(6).name(), port, phase, i -> tokenRequest, pid));
                String cookie = login(port);
                byte[] grantPage = ("GET " + GRANT_PAGE + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nCookie: " + cookie + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII);
                keepBest(results, 7, run(results.get(7).name(), port, phase, i -> grantPage, pid));
                String form = grantForm(port, cookie);
                byte[] grantPost = ("POST /login/grant HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nCookie: " + cookie
                        + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " + form.length() + "\r\n\r\n" + form)
                        .getBytes(StandardCharsets.US_ASCII);
                keepBest(results, 8, run(results.get(8).name(), port, phase, i -> grantPost, pid));
            }
            long loadSeconds = Duration.between(loadStarted, Instant.now()).toSeconds();
            long rssMb = rssKb(server.pid()) / 1024;

            double pingPerSecond = results.get(0).perSecond();
            System.out.println();
            System.out.printf("End to end, one run: %d keep-alive connections on loopback, two interleaved rounds of %d s per case after"
                    + " 3 s of warm-up (best of each), %d cores shared by driver and server; p50 and p99 are response times at the"
                    + " driver%n%n", CONNECTIONS, phase.toSeconds(), Runtime.getRuntime().availableProcessors());
            System.out.println("| Case | Requests/s | p50 | p99 | Ratio to ping (tokens: to Keycloak 1,015–1,095/s) | Target"
                    + " | Server CPU per request | Errors |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            String[] targets = {"", "≥ 0.85", "≥ 0.80", "≥ 0.85", "≥ 0.85", "≥ 0.85"};
            double[] floors = {0, 0.85, 0.80, 0.85, 0.85, 0.85};
            for (int i = 0; i < results.size(); i++) {
                Result r = results.get(i);
                String ratio;
                String verdict;
                if (i < floors.length) {
                    ratio = String.format("%.2f", r.perSecond() / pingPerSecond);
                    verdict = i == 0 ? "" : (r.perSecond() / pingPerSecond >= floors[i] ? "met (" : "MISSED (") + targets[i] + ")";
                } else if (i > 6) {
                    ratio = String.format("%.2f", r.perSecond() / pingPerSecond);
                    verdict = "none set (pages for people)";
                } else {
                    ratio = String.format("%.1f–%.1f×", r.perSecond() / KEYCLOAK_MAX, r.perSecond() / KEYCLOAK_MIN);
                    verdict = (r.perSecond() >= TOKENS_PER_SECOND_TARGET ? "met (≥ " : "MISSED (< ")
                            + String.format("%,.0f/s, 10× Keycloak)", TOKENS_PER_SECOND_TARGET);
                }
                System.out.printf("| %s | %.0f | %s | %s | %s | %s | %.1f µs | %d |%n", r.name(), r.perSecond(), micros(r.p50Micros()),
                        micros(r.p99Micros()), ratio, verdict, r.cpuMicros(), r.errors());
            }
            System.out.printf("| Start-up to first answered request, existing data directory | %.0f ms | | | | %s | | |%n", startupMs,
                    startupMs <= 1500 ? "met (≤ 1.5 s)" : "MISSED (> 1.5 s)");
            System.out.printf("| Server RSS after %d s of load | %d MB | | | | %s | | |%n", loadSeconds, rssMb,
                    rssMb <= 300 ? "met (≤ 300 MB)" : "MISSED (> 300 MB)");
        } finally {
            stop(server);
        }
    }

    private static void keepBest(List<Result> results, int i, Result r) {
        Result best = results.get(i);
        results.set(i, new Result(r.name(), Math.max(best.perSecond(), r.perSecond()), Math.min(best.cpuMicros(), r.cpuMicros()),
                Math.min(best.p50Micros(), r.p50Micros()), Math.min(best.p99Micros(), r.p99Micros()), best.errors() + r.errors()));
    }

    private static String micros(double us) {
        return us >= 1000 ? String.format("%.2f ms", us / 1000) : String.format("%.0f µs", us);
    }

    /** {@code client_secret_basic}: each part form-encoded before base64, as RFC 6749 §2.3.1 says. */
    private static String basic(String clientId, String secret) {
        String pair = URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":" + URLEncoder.encode(secret, StandardCharsets.UTF_8);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    /** HTTP Basic as RFC 7617 has it for the APIs: base64 of the UTF-8 {@code name:password}, nothing encoded first. */
    private static String rfc7617(String name, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((name + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Creates the Basic case's user through the admin API, with Basic as {@link #ADMIN}: the role
     * {@code group:bench} granting {@code auth:current-scopes}, then {@code bench-user} in that group
     * with a password; then checks the password once.
     */
    private static void createUser(int port) throws IOException, InterruptedException {
        ObjectMapper json = new ObjectMapper();
        put(port, "/api/auth/v1/roles/group:" + GROUP, json.writeValueAsString(Map.of(
                "description", "end-to-end benchmark users", "scopes", List.of("auth:current-scopes"))));
        put(port, "/api/auth/v1/users/" + USER, json.writeValueAsString(Map.of(
                "displayName", "End-to-end benchmark user", "groups", List.of(GROUP), "password", PASSWORD)));
        checkUser(port);
    }

    private static void put(int port, String path, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", rfc7617(ADMIN, ADMIN_TOKEN)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build();
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("PUT " + path + " answered " + response.statusCode() + ": " + response.body());
            }
        }
    }

    /**
     * One request as the Basic case sends them: the server checks the password (or finds it
     * remembered) and must grant the scope the case needs; fails loudly otherwise.
     */
    private static void checkUser(int port) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/auth/v1/scopes/current"))
                .header("Authorization", rfc7617(USER, PASSWORD)).GET().build();
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200 || !response.body().contains("\"auth:current-scopes\"")) {
                throw new IllegalStateException(USER + " with Basic: " + response.statusCode() + ": " + response.body());
            }
        }
    }

    /** Signs the benchmark user in with {@code POST /api/login}; returns the session cookie as a Cookie header value. */
    private static String login(int port) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/login?username=" + USER + "&password="
                + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8))).POST(HttpRequest.BodyPublishers.noBody()).build();
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 204) {
                throw new IllegalStateException("login answered " + response.statusCode() + ": " + response.body());
            }
            return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("TASKGATE-SESSION="))
                    .map(c -> c.substring(0, c.indexOf(';'))).findFirst().orElseThrow();
        }
    }

    /** The grant page's form, as the signed-in browser would post it with Grant Access. */
    private static String grantForm(int port, String cookie) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + GRANT_PAGE)).header("Cookie", cookie).build();
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpResponse<String> page = http.send(request, HttpResponse.BodyHandlers.ofString());
            java.util.regex.Matcher token = java.util.regex.Pattern.compile("name=\"form_token\" value=\"([^\"]+)\"").matcher(page.body());
            if (page.statusCode() != 200 || !token.find()) {
                throw new IllegalStateException("the grant page answered " + page.statusCode() + " without a form");
            }
            return "target=" + URLEncoder.encode("https://app.example/cb", StandardCharsets.UTF_8) + "&description="
                    + URLEncoder.encode("**Bench** app lists tasks", StandardCharsets.UTF_8) + "&form_token=" + token.group(1)
                    + "&decision=grant&confirm_host=app.example";
        }
    }

    /** An access token from the token endpoint, requested as in the token case; fails loudly on anything but 200. */
    private static String fetchToken(int port) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/oauth/token"))
                .header("Authorization", basic(CLIENT, TOKEN)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(GRANT)).build();
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("the token endpoint answered " + response.statusCode() + ": " + response.body());
            }
            return new ObjectMapper().readTree(response.body()).get("access_token").asText();
        }
    }

    /** One signed request per slot (a Hawk nonce is good once), enough for the phase at up to 100,000 requests a second. */
    private static List<byte[]> sign(int port, HawkSigner.Credentials creds, Duration phase) {
        HawkSigner signer = new HawkSigner(Clock.systemUTC(), new SecureRandom());
        URI uri = URI.create("http://127.0.0.1:" + port + "/api/auth/v1/scopes/current");
        int count = (int) Math.min(3_000_000, (phase.toSeconds() + 3) * 100_000);
        List<byte[]> requests = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            requests.add(("GET /api/auth/v1/scopes/current HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: "
                    + signer.header(creds, "GET", uri, Optional.empty()) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        System.gc(); // settle the driver's heap before the timed phase
        return requests;
    }

    /** The bytes of request number {@code i}, encoded before the timed phase; null when they ran out. */
    private interface Requests {
        byte[] get(int i);
    }

    /**
     * Sends requests on {@link #CONNECTIONS} keep-alive connections for {@code phase}, after 3 s of
     * warm-up; counts answers and non-200s, and times each answer from the first byte written to
     * the last byte read.
     */
    private static Result run(String name, int port, Duration phase, Requests requests, long pid) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicLong done = new AtomicLong();
        AtomicInteger errors = new AtomicInteger();
        long warmupEnd = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        long end = warmupEnd + phase.toNanos();
        AtomicLong counted = new AtomicLong();
        long[] cpuAtStart = {0};
        AtomicLong doneAtStart = new AtomicLong(-1);
        List<Thread> threads = new ArrayList<>();
        List<Latencies> latencies = new ArrayList<>();
        java.util.concurrent.atomic.AtomicReference<RuntimeException> failed = new java.util.concurrent.atomic.AtomicReference<>();
        for (int c = 0; c < CONNECTIONS; c++) {
            Latencies times = new Latencies();
            latencies.add(times);
            threads.add(Thread.ofPlatform().start(() -> {
                try (Socket s = new Socket("127.0.0.1", port)) {
                    s.setTcpNoDelay(true);
                    OutputStream out = s.getOutputStream();
                    InputStream in = new BufferedInputStream(s.getInputStream());
                    long now = System.nanoTime();
                    while (now < end) {
                        byte[] request = requests.get(next.getAndIncrement());
                        if (request == null) {
                            throw new IllegalStateException(name + ": the pre-signed requests ran out; raise their number in sign()");
                        }
                        out.write(request);
                        out.flush();
                        int status = readResponse(in);
                        long answered = System.nanoTime();
                        if (status >= 300 && status != 303) { // the grant answers 303
                            errors.incrementAndGet();
                        }
                        done.incrementAndGet();
                        if (now >= warmupEnd) {
                            if (doneAtStart.get() < 0 && doneAtStart.compareAndSet(-1, done.get())) {
                                cpuAtStart[0] = cpuTicks(pid);
                            }
                            counted.incrementAndGet();
                            times.record(answered - now);
                        }
                        now = answered; // the answer is the next request's start: one clock read per request
                    }
                } catch (IOException e) {
                    errors.incrementAndGet();
                } catch (RuntimeException e) {
                    failed.compareAndSet(null, e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failed.get() != null) {
            throw failed.get(); // a broken driver must not print figures
        }
        double cpuSeconds = (cpuTicks(pid) - cpuAtStart[0]) / 100.0; // USER_HZ is 100 on Linux
        double measured = done.get() - doneAtStart.get();
        Latencies all = new Latencies();
        latencies.forEach(all::addAll);
        return new Result(name, counted.get() / (double) phase.toSeconds(), cpuSeconds * 1e6 / measured, all.percentileMicros(50),
                all.percentileMicros(99), errors.get());
    }

    /** Reads one HTTP/1.1 response with a Content-Length body; returns its status. */
    private static int readResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            head.append((char) c);
            int n = head.length();
            if (n >= 4 && head.charAt(n - 1) == '\n' && head.charAt(n - 2) == '\r' && head.charAt(n - 3) == '\n' && head.charAt(n - 4) == '\r') {
                break;
            }
        }
        if (c < 0) {
            throw new IOException("connection closed");
        }
        String h = head.toString();
        int status = Integer.parseInt(h.substring(9, 12));
        int length = 0;
        for (String line : h.split("\r\n")) {
            if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        in.readNBytes(length);
        return status;
    }

    /** Starts the server as a user does, with {@code bin/serve} (which execs the JVM, so the pid is the server's). */
    private static Process start(Path serve, Path data, int port) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("bash", serve.toString(), "--port", Integer.toString(port), "--data-dir", data.toString());
        pb.environment().put("TASKGATE_STATIC_CLIENTS", "[{\"clientId\":\"" + CLIENT + "\",\"accessToken\":\"" + TOKEN
                + "\",\"scopes\":[\"auth:current-scopes\",\"assume:bench\",\"queue:create-task:highest:bench/*\"]},"
                + "{\"clientId\":\"" + ADMIN + "\",\"accessToken\":\"" + ADMIN_TOKEN + "\",\"scopes\":[\"auth:create-role:group:" + GROUP
                + "\",\"auth:current-scopes\",\"auth:create-user:" + USER + "\",\"assume:login-identity:local/" + USER + "\",\"assume:group:" + GROUP + "\"]}]");
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        return pb.start();
    }

    private static void waitUntilServing(int port, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.getOutputStream().write(("GET /__lbheartbeat__ HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                if (readResponse(new BufferedInputStream(s.getInputStream())) == 200) {
                    return;
                }
            } catch (IOException notYet) {
                Thread.onSpinWait();
            }
        }
        throw new IllegalStateException("the server did not start within " + timeout);
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
    }

    /** The process's user and system CPU time so far, in clock ticks ({@code /proc/<pid>/stat} fields 14 and 15). */
    private static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException e) {
            return 0;
        }
    }

    private static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
