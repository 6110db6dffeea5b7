package io.taskgate.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskgate.hawk.HawkAuthenticator;
import io.taskgate.hawk.HawkSigner;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
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
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real server jar, killed with SIGKILL in the middle of writes: after a restart on the same
 * data directory the store opens cleanly and every write that was acknowledged is there.
 */
class CrashTest {

    private static final Path JAR = Path.of("..", "server", "target", "taskgate.jar").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private final HawkSigner signer = new HawkSigner(Clock.systemUTC(), new SecureRandom());
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void sigkillDuringWrites_losesNothingAcknowledged() throws Exception {
        assertThat(Files.isRegularFile(JAR)).as("the server jar is built before the interop tests: " + JAR).isTrue();
        int port = freePort();
        Server first = Server.start(JAR, dir, port);
        HawkSigner.Credentials root = HawkSigner.Credentials.permanent("static/taskgate/root", first.rootToken);

        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        java.util.Queue<String> problems = new java.util.concurrent.ConcurrentLinkedQueue<>();
        CountDownLatch enough = new CountDownLatch(150);
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            writers.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; !stop.get(); i++) {
                    String id = "project/crash/" + thread + "-" + i;
                    try {
                        int status = put(port, root, id);
                        if (status == 200) {
                            acknowledged.add(id);
                            enough.countDown();
                        } else {
                            problems.add("HTTP " + status);
                        }
                    } catch (InterruptedException e) {
                        return;
                    } catch (IOException e) {
                        // A slow or refused request is not an acknowledgement; after the kill, stop ends the loop.
                        problems.add(e.toString());
                    }
                }
            }));
        }
        assertThat(enough.await(60, TimeUnit.SECONDS)).as("writes were acknowledged; failures before the kill: %s",
                problems.stream().limit(5).toList()).isTrue();
        first.process.destroyForcibly(); // SIGKILL, with writes in flight
        first.process.waitFor();
        stop.set(true);
        for (Thread w : writers) {
            w.join();
        }

        Server second = Server.start(JAR, dir, port);
        try {
            for (String id : acknowledged) {
                HttpResponse<String> got = send(port, root, "GET", "/api/auth/v1/clients/" + id.replace("/", "%2F"), null);
                assertThat(got.statusCode()).as("acknowledged %s", id).isEqualTo(200);
            }
            assertThat(second.rootToken).as("the root client was kept, not generated again").isNull();
        } finally {
            second.process.destroy();
            second.process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private int put(int port, HawkSigner.Credentials root, String id) throws IOException, InterruptedException {
        String body = "{\"expires\":\"" + Instant.now().plus(Duration.ofDays(1)) + "\",\"description\":\"crash\",\"scopes\":[]}";
        return send(port, root, "PUT", "/api/auth/v1/clients/" + id.replace("/", "%2F"), body).statusCode();
    }

    private HttpResponse<String> send(int port, HawkSigner.Credentials creds, String method, String path, String body)
            throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + port + path);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.header("Authorization", signer.header(creds, method, uri, body == null ? Optional.empty()
                : Optional.of(new HawkAuthenticator.Payload("application/json", body.getBytes(StandardCharsets.UTF_8)))));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The server as its own process, with the root token it printed (if it generated one). */
    private record Server(Process process, String rootToken) {

        static Server start(Path jar, Path data, int port) throws Exception {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(),
                    "serve", "--port", Integer.toString(port), "--data-dir", data.toString()).redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String token = null;
            String line;
            while ((line = out.readLine()) != null) {
                if (line.contains("shown only this once")) {
                    token = out.readLine().trim();
                }
                if (line.contains(" ready on ")) {
                    Thread.ofPlatform().daemon().start(() -> drain(out));
                    return new Server(p, token);
                }
            }
            throw new IllegalStateException("the server exited before it was ready");
        }

        private static void drain(BufferedReader out) {
            try {
                while (out.readLine() != null) {
                    // keep the pipe from filling up
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }
    }
}
