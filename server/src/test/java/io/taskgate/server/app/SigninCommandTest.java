package io.taskgate.server.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * {@code taskgate signin} in process, with this test as the browser: it reads the printed login
 * URL, plays the server's redirect to the listener, and checks what a real shell makes of the
 * printed lines.
 */
@Timeout(60)
class SigninCommandTest {

    private static final String ROOT = "https://taskgate.example.com";
    private static final Pattern TARGET = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)(/[A-Za-z0-9_-]{43}/)");
    private static final String CLIENT_ID = "mozilla-auth0/ad|Mozilla-LDAP|me+you/cli";
    private static final String ACCESS_TOKEN = "Zm9vYmFyYmF6LXF1eF9xdXV4LWNvcmdlLWdyYXVsdA";
    /** Quotes of both kinds and everything else a shell might expand, as a certificate's strings could hold. */
    private static final String CERTIFICATE = "{\"version\":1,\"scopes\":[\"queue:*\",\"secrets:get:it's/$HOME/`id`\"],"
            + "\"start\":1,\"expiry\":2,\"seed\":\"s\\\\n'\\\"\",\n \"signature\":\"a'b\\\"c\",\"issuer\":\"x\"}";

    private final HttpClient browser = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void grant_printsExportsThatRoundTripThroughARealShell() throws Exception {
        try (Run run = new Run(Map.of(), "--root-url", ROOT + "/", "--description", "Sign in for *tests* & more")) {
            Login login = run.login();
            assertThat(login.url()).startsWith(ROOT + "/login?target=http%3A%2F%2F127.0.0.1%3A").doesNotContain("+", " ");
            assertThat(login.params()).containsOnlyKeys("target", "description");
            assertThat(login.params().get("description")).isEqualTo("Sign in for *tests* & more");

            HttpResponse<String> page = get(login.target() + "?clientId=" + enc(CLIENT_ID) + "&accessToken=" + enc(ACCESS_TOKEN)
                    + "&certificate=" + enc(CERTIFICATE));
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue("default-src 'none'");
            assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
            assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
            assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(page.body()).contains("Signed in").contains("close this window").doesNotContain(ACCESS_TOKEN, "<script");

            assertThat(run.exitCode()).isZero();
            assertThat(run.out()).isEqualTo(String.join(System.lineSeparator(), // the certificate's own newline stays inside its quotes
                    "export TASKCLUSTER_ROOT_URL='" + ROOT + "'",
                    "export TASKCLUSTER_CLIENT_ID='" + CLIENT_ID + "'",
                    "export TASKCLUSTER_ACCESS_TOKEN='" + ACCESS_TOKEN + "'",
                    "export TASKCLUSTER_CERTIFICATE='" + CERTIFICATE.replace("'", "'\\''") + "'", ""));
            assertThat(run.err()).contains("Signed in as " + CLIENT_ID).doesNotContain(ACCESS_TOKEN, "signature");
            assertThat(shell(run.out(), Map.of())).containsExactly(ROOT, CLIENT_ID, ACCESS_TOKEN, CERTIFICATE);
            assertClosed(login.port());
        }
    }

    @Test
    void againstARealServer_aSignInAndGrant_flowIntoTheShell_andTheCredentialsWork(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        try (TestServer server = new TestServer(dir, Map.of("TASKGATE_LOGIN_ALLOWED_HOSTS", "127.0.0.1"), java.time.Clock.systemUTC())) {
            SessionsApiTest.addUser(dir, "cli-user", "cli-password");
            assertThat(server.send("PUT", "/api/auth/v1/roles/group:admin", Map.of("description", "admins", "scopes",
                    java.util.List.of("auth:current-scopes")), server.root()).status()).isEqualTo(200);
            server.taskgate.reloadUsers();
            String root = "http://127.0.0.1:" + server.taskgate.port();
            try (Run run = new Run(Map.of(), "--root-url", root)) {
                Login login = run.login();
                PageClient page = new PageClient(server);
                HttpResponse<String> grant = page.signIn(login.url().substring(root.length()), "local", "cli-user", "cli-password");
                assertThat(grant.body()).contains("Grant Access").doesNotContain("name=\"confirm_host\"");
                String redirect = PageClient.location(page.submit(grant, "/login/grant", Map.of("decision", "grant")));
                assertThat(redirect).startsWith(login.target() + "?clientId=local%2Fcli-user&");
                assertThat(get(redirect).statusCode()).isEqualTo(200);
                assertThat(run.exitCode()).isZero();
                java.util.List<String> values = shell(run.out(), Map.of());
                assertThat(values.subList(0, 2)).containsExactly(root, "local/cli-user");
                TestServer.Answer current = server.send("GET", "/api/auth/v1/scopes/current", null, new io.taskgate.hawk.HawkSigner.Credentials(
                        values.get(1), values.get(2), java.util.Optional.of(values.get(3)), java.util.Optional.empty()));
                assertThat(current.status()).as(current.raw().body()).isEqualTo(200);
                assertThat(current.body().get("scopes").toString()).contains("assume:login-identity:local/cli-user");
            }
        }
    }

    @Test
    void grantWithoutCertificate_unsetsAStaleOne() throws Exception {
        try (Run run = new Run(Map.of("TASKCLUSTER_ROOT_URL", "http://localhost:8080"))) {
            Login login = run.login();
            assertThat(login.url()).startsWith("http://localhost:8080/login?target=");
            assertThat(login.params().get("description")).startsWith("The Taskgate command line (`taskgate signin`) on `");

            assertThat(get(login.target() + "?clientId=static%2Frobot&accessToken=" + ACCESS_TOKEN).statusCode()).isEqualTo(200);
            assertThat(run.exitCode()).isZero();
            assertThat(run.out().lines().toList()).endsWith("unset TASKCLUSTER_CERTIFICATE");
            assertThat(shell(run.out(), Map.of("TASKCLUSTER_CERTIFICATE", "{\"stale\":true}")))
                    .containsExactly("http://localhost:8080", "static/robot", ACCESS_TOKEN, "(unset)");
        }
    }

    @Test
    void otherPathsAndUnusableReplies_areRefused_whileTheCommandKeepsWaiting() throws Exception {
        try (Run run = new Run(Map.of(), "--root-url", ROOT)) {
            Login login = run.login();
            String base = "http://127.0.0.1:" + login.port();
            assertThat(get(base + "/favicon.ico").statusCode()).isEqualTo(404);
            assertThat(get(base + "/").statusCode()).isEqualTo(404);
            assertThat(browser.send(HttpRequest.newBuilder(URI.create(login.target())).method("HEAD", HttpRequest.BodyPublishers.noBody())
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(405);
            assertThat(get(base + login.path().substring(0, login.path().length() - 2) + "/?clientId=a&accessToken=b").statusCode())
                    .isEqualTo(404);
            assertThat(get(login.target()).statusCode()).isEqualTo(400);
            assertThat(get(login.target() + "?clientId=a&accessToken=b&certificate=not-json").statusCode()).isEqualTo(400);
            HttpResponse<String> bad = get(login.target() + "?clientId=a%0Aexport+X%3D1&accessToken=b");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.headers().firstValue("Content-Security-Policy")).hasValue("default-src 'none'");
            assertThat(run.exit().isDone()).isFalse();

            assertThat(get(login.target() + "?clientId=a&accessToken=b").statusCode()).isEqualTo(200);
            assertThat(run.exitCode()).isZero();
            assertThat(run.err()).contains("Ignored a reply that is not a valid sign-in").doesNotContain("export X");
            assertThat(run.out()).doesNotContain("export X");
        }
    }

    @Test
    void accessDenied_answersAPage_andExitsOne() throws Exception {
        CompletableFuture<String> opened = new CompletableFuture<>();
        try (Run run = new Run(new Signin(Map.of(), new SecureRandom(), opened::complete), "--root-url", ROOT, "--open")) {
            Login login = run.login();
            assertThat(opened.get(10, TimeUnit.SECONDS)).isEqualTo(login.url());

            HttpResponse<String> page = get(login.target() + "?error=access_denied&error_description=The+person+said+no%1B%5B2J");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("Access was denied");
            assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue("default-src 'none'");
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.out()).isEmpty();
            assertThat(run.err()).contains("access_denied: The person said no?[2J").doesNotContain("\u001b");
            assertClosed(login.port());
        }
    }

    @Test
    void noAnswerInTime_exitsOne_andStopsListening() throws Exception {
        try (Run run = new Run(Map.of(), "--root-url", ROOT, "--timeout", "1")) {
            Login login = run.login();
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).contains("no answer from the browser within 1 s");
            assertThat(run.out()).isEmpty();
            assertClosed(login.port());
        }
    }

    @Test
    void missingOrBadRootUrl_isAUsageError() throws Exception {
        try (Run run = new Run(Map.of())) {
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).contains("--root-url").contains("TASKCLUSTER_ROOT_URL").contains("Usage:");
        }
        for (String bad : List.of("ftp://taskgate.example.com", "taskgate.example.com", "https://x/?q=1", "https://user@x", "https://")) {
            try (Run run = new Run(Map.of(), "--root-url", bad)) {
                assertThat(run.exitCode()).as(bad).isEqualTo(2);
                assertThat(run.err()).as(bad).contains("must be an http(s) URL");
            }
        }
        try (Run run = new Run(Map.of(), "--root-url", ROOT, "--timeout", "0")) {
            assertThat(run.exitCode()).isEqualTo(2);
        }
    }

    @Test
    void signin_isATaskgateSubcommand() {
        CommandLine taskgate = new CommandLine(new Main());
        assertThat(taskgate.getSubcommands()).containsKey("signin");
        StringWriter err = new StringWriter();
        taskgate.setErr(new PrintWriter(err, true));
        assertThat(taskgate.execute("signin", "--root-url", "not a url")).isEqualTo(2);
        assertThat(err.toString()).contains("must be an http(s) URL");
    }

    @Test
    void replies_areReadStrictly() {
        assertThat(SigninReply.parse("clientId=a%2Bb+c&accessToken=t")).isInstanceOf(SigninReply.Invalid.class); // a space
        assertThat(SigninReply.parse("clientId=a%2Bb&accessToken=t"))
                .isEqualTo(new SigninReply.Granted("a+b", "t", java.util.Optional.empty()));
        assertThat(SigninReply.parse("clientId=a&clientId=b&accessToken=t")).isInstanceOf(SigninReply.Invalid.class);
        assertThat(SigninReply.parse("clientId=a&accessToken=t&certificate=%7B%7D+x")).isInstanceOf(SigninReply.Invalid.class);
        assertThat(SigninReply.parse("clientId=a&accessToken=t&certificate=%5B%5D")).isInstanceOf(SigninReply.Invalid.class);
        assertThat(SigninReply.parse("clientId=a&accessToken=t&certificate=%ZZ")).isInstanceOf(SigninReply.Invalid.class);
        assertThat(SigninReply.parse("clientId=a&accessToken=" + "t".repeat(SigninReply.MAX_ACCESS_TOKEN + 1)))
                .isInstanceOf(SigninReply.Invalid.class);
        assertThat(SigninReply.parse("clientId=a&accessToken=t&certificate=")).isInstanceOf(SigninReply.Granted.class);
        assertThat(SigninReply.parse("error=&clientId=a&accessToken=t")).isEqualTo(new SigninReply.Denied("unknown_error", java.util.Optional.empty()));
        assertThat(new SigninReply.Granted("a", ACCESS_TOKEN, java.util.Optional.of(CERTIFICATE)).toString())
                .doesNotContain(ACCESS_TOKEN, "signature");
    }

    // ---- the browser, the shell, and one run of the command ----

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return browser.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** What bash has in the four variables after evaluating {@code lines}, NUL-separated so that any content survives. */
    private static List<String> shell(String lines, Map<String, String> env) throws Exception {
        String script = lines + "\nprintf '%s\\0' \"$TASKCLUSTER_ROOT_URL\" \"$TASKCLUSTER_CLIENT_ID\" \"$TASKCLUSTER_ACCESS_TOKEN\""
                + " \"${TASKCLUSTER_CERTIFICATE-(unset)}\"\n";
        ProcessBuilder pb = new ProcessBuilder("bash", "--noprofile", "--norc", "-c", script).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("TASKCLUSTER_"));
        pb.environment().putAll(env);
        Process bash = pb.start();
        String printed = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(bash.exitValue()).as(printed).isZero();
        return List.of(printed.split("\0", -1)).subList(0, 4);
    }

    private static void assertClosed(int port) {
        assertThatThrownBy(() -> new Socket().connect(new InetSocketAddress("127.0.0.1", port), 2000))
                .isInstanceOf(ConnectException.class);
    }

    /** The login URL as printed, and the listener's target from it. */
    record Login(String url, Map<String, String> params, int port, String path) {
        String target() {
            return params.get("target");
        }
    }

    /** One run of {@code signin} on its own thread, with standard output and error captured. */
    private static final class Run implements AutoCloseable {

        private final StringWriter out = new StringWriter();
        private final StringWriter err = new StringWriter();
        private final CompletableFuture<Integer> exit = new CompletableFuture<>();
        private final Thread thread;

        Run(Map<String, String> env, String... args) {
            this(new Signin(env, new SecureRandom(), url -> {
                throw new AssertionError("no browser without --open");
            }), args);
        }

        Run(Signin command, String... args) {
            CommandLine cli = new CommandLine(command);
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            thread = Thread.ofPlatform().name("signin-under-test").start(() -> {
                try {
                    exit.complete(cli.execute(args));
                } catch (Throwable t) {
                    exit.completeExceptionally(t);
                }
            });
        }

        /** Waits for the login URL on standard error and checks its shape. */
        Login login() throws InterruptedException {
            Pattern printed = Pattern.compile("Open this URL in your browser to sign in:\n  (\\S+)\n");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline) {
                Matcher m = printed.matcher(err());
                if (m.find()) {
                    String url = m.group(1);
                    Map<String, String> params = new LinkedHashMap<>();
                    for (String pair : URI.create(url).getRawQuery().split("&")) {
                        String[] nv = pair.split("=", 2);
                        params.put(nv[0], URLDecoder.decode(nv[1], StandardCharsets.UTF_8));
                    }
                    Matcher target = TARGET.matcher(params.getOrDefault("target", ""));
                    assertThat(target.matches()).as(params.get("target")).isTrue();
                    return new Login(url, params, Integer.parseInt(target.group(1)), target.group(2));
                }
                assertThat(exit.isDone()).as("exited early: " + err()).isFalse();
                Thread.sleep(20);
            }
            throw new AssertionError("no login URL on stderr: " + err());
        }

        CompletableFuture<Integer> exit() {
            return exit;
        }

        int exitCode() throws Exception {
            return exit.get(20, TimeUnit.SECONDS);
        }

        String out() {
            return out.toString();
        }

        String err() {
            return err.toString();
        }

        @Override
        public void close() throws InterruptedException {
            thread.interrupt(); // a test that failed midway must not wait out the command's timeout
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }
    }
}
