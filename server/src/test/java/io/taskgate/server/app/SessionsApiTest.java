package io.taskgate.server.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskgate.hawk.MutableClock;
import io.taskgate.server.identity.Audit;
import io.taskgate.server.identity.JdbcUserStore;
import io.taskgate.server.identity.Passwords;
import io.taskgate.server.identity.User;
import io.taskgate.server.store.Database;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cookie sessions and CSRF over real HTTP: the seed's curl lines, fixation, logout, idle and absolute expiry. */
class SessionsApiTest {

    @TempDir
    static Path dir;
    @TempDir
    static Path curlDir;
    private static final MutableClock CLOCK = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(dir, Map.of(), CLOCK);
        addUser(dir, "demo", "demo");
        addUser(dir, "grace", "grace-password");
        assertThat(server.send("PUT", "/api/auth/v1/roles/group:admin", Map.of("description", "admins", "scopes", List.of("auth:*")),
                server.root()).status()).isEqualTo(200);
        server.taskgate.reloadUsers();
    }

    /** What the dev profile does for demo/demo: a user in group admin, written to the store. */
    static void addUser(Path dataDir, String name, String password) {
        try (Database db = Database.sqlite(dataDir.resolve("taskgate.db"))) {
            Instant now = CLOCK.instant();
            new JdbcUserStore(db).create(new User(name, name, List.of("admin"), true, Optional.of(new Passwords().hash(password)), now, now,
                    now), Audit.ofUser(name, "test", "created", now));
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "-w", "\n%{http_code}"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(curlDir.toFile()).redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out.toString(StandardCharsets.UTF_8);
    }

    /** A login's reply: status, the session cookie's value, the CSRF token header, and every Set-Cookie. */
    record Login(int status, String session, String csrf, List<String> setCookies, String body) {}

    private static Login login(String query, String form, String cookie, String forwardedProto) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.url("/api/login" + (query == null ? "" : "?" + query)))
                .POST(form == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(form));
        if (form != null) {
            b.header("Content-Type", "application/x-www-form-urlencoded");
        }
        if (cookie != null) {
            b.header("Cookie", "TASKGATE-SESSION=" + cookie);
        }
        if (forwardedProto != null) {
            b.header("X-Forwarded-Proto", forwardedProto);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        List<String> set = r.headers().allValues("Set-Cookie");
        String session = set.stream().filter(c -> c.startsWith("TASKGATE-SESSION=")).map(c -> c.substring(17, c.indexOf(';'))).findFirst()
                .orElse(null);
        return new Login(r.statusCode(), session, r.headers().firstValue("X-CSRF-TOKEN").orElse(null), set, r.body());
    }

    private static HttpResponse<String> withSession(String method, String path, String session, String csrf) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.url(path)).header("Cookie", "TASKGATE-SESSION=" + session)
                .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{\"scopes\":[]}"));
        if (!method.equals("GET")) {
            b.header("Content-Type", "application/json");
        }
        if (csrf != null) {
            b.header("X-CSRF-TOKEN", csrf);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void seedLines_curlLoginWithACookieJar_thenPostWithAndWithoutTheCsrfHeader() throws Exception {
        String url = server.taskgate.publicUrl();
        assertThat(curl("-c", "cookie.txt", "-X", "POST", url + "/api/login?username=demo&password=demo")).isEqualTo("\n204");
        String jar = Files.readString(curlDir.resolve("cookie.txt"));
        assertThat(jar).contains("TASKGATE-SESSION").contains("X-CSRF-TOKEN");
        String csrf = jar.lines().filter(l -> l.contains("\tX-CSRF-TOKEN\t")).map(l -> l.substring(l.lastIndexOf('\t') + 1)).findFirst()
                .orElseThrow();

        String without = curl("-b", "cookie.txt", "-X", "POST", url + "/api/auth/v1/scopes/expand", "-H", "Content-Type: application/json",
                "-d", "{\"scopes\":[]}");
        assertThat(without).endsWith("\n403").contains("\"message\":\"Access denied due to invalid CSRF token.\"");
        String with = curl("-b", "cookie.txt", "-X", "POST", url + "/api/auth/v1/scopes/expand", "-H", "Content-Type: application/json",
                "-H", "X-CSRF-TOKEN: " + csrf, "-d", "{\"scopes\":[]}");
        assertThat(with).isEqualTo("{\"scopes\":[]}\n200");
        assertThat(curl("-b", "cookie.txt", url + "/api/auth/v1/scopes/current")).endsWith("\n200").contains("assume:login-identity:local/demo");
    }

    @Test
    void login_setsHttpOnlyLaxCookies_andTheCsrfHeader_SecureOnlyBehindHttps() throws Exception {
        Login plain = login("username=demo&password=demo", null, null, null);
        assertThat(plain.status()).isEqualTo(204);
        assertThat(plain.setCookies()).anySatisfy(c -> assertThat(c).startsWith("TASKGATE-SESSION=").contains("; Path=/; HttpOnly; SameSite=Lax")
                .doesNotContain("Secure"));
        assertThat(plain.setCookies()).anySatisfy(c -> assertThat(c).isEqualTo("X-CSRF-TOKEN=" + plain.csrf() + "; Path=/; SameSite=Lax"));
        Login https = login("username=demo&password=demo", null, null, "https");
        assertThat(https.setCookies()).allSatisfy(c -> assertThat(c).endsWith("; Secure"));
    }

    @Test
    void login_fromAFormBody_works_andFailuresLookAlike() throws Exception {
        assertThat(login(null, "username=grace&password=grace-password", null, null).status()).isEqualTo(204);
        Login wrong = login(null, "username=grace&password=nope", null, null);
        Login unknown = login("username=nobody&password=nope", null, null, null);
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(wrong.body()).isEqualTo("{\"message\":\"Invalid username or password\"}").isEqualTo(unknown.body());
        assertThat(wrong.setCookies()).isEmpty();
    }

    @Test
    void login_givesANewSessionId_andEndsTheOneTheCallerHad() throws Exception {
        Login first = login("username=demo&password=demo", null, null, null);
        Login second = login("username=demo&password=demo", null, first.session(), null);
        assertThat(second.session()).isNotEqualTo(first.session());
        assertThat(withSession("GET", "/api/auth/v1/scopes/current", first.session(), null).statusCode()).isEqualTo(401);
        assertThat(withSession("GET", "/api/auth/v1/scopes/current", second.session(), null).statusCode()).isEqualTo(200);
    }

    @Test
    void logout_endsTheSession_andClearsBothCookies() throws Exception {
        Login in = login("username=demo&password=demo", null, null, null);
        HttpResponse<String> out = HTTP.send(HttpRequest.newBuilder(server.url("/api/logout")).header("Cookie", "TASKGATE-SESSION=" + in.session())
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(out.statusCode()).isEqualTo(204);
        assertThat(out.headers().allValues("Set-Cookie")).containsExactlyInAnyOrder(
                "TASKGATE-SESSION=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax", "X-CSRF-TOKEN=; Path=/; Max-Age=0; SameSite=Lax");
        HttpResponse<String> after = withSession("GET", "/api/auth/v1/scopes/current", in.session(), null);
        assertThat(after.statusCode()).isEqualTo(401);
        assertThat(after.body()).contains("The session has ended; sign in again");
    }

    @Test
    void anIdleSession_ends_butUseKeepsItAlive_untilItsAbsoluteEnd() throws Exception {
        Instant start = CLOCK.instant();
        try {
            Login idle = login("username=demo&password=demo", null, null, null);
            Login busy = login("username=demo&password=demo", null, null, null);
            for (int i = 1; i <= 16; i++) { // every 29 minutes for 7 h 44 min
                CLOCK.advance(Duration.ofMinutes(29));
                assertThat(withSession("GET", "/api/auth/v1/scopes/current", busy.session(), null).statusCode()).as("after %d", i)
                        .isEqualTo(200);
            }
            assertThat(withSession("GET", "/api/auth/v1/scopes/current", idle.session(), null).statusCode()).isEqualTo(401);
            CLOCK.set(start.plus(Duration.ofHours(8)).minusSeconds(1));
            assertThat(withSession("GET", "/api/auth/v1/scopes/current", busy.session(), null).statusCode()).isEqualTo(200);
            CLOCK.set(start.plus(Duration.ofHours(8)));
            assertThat(withSession("GET", "/api/auth/v1/scopes/current", busy.session(), null).statusCode()).isEqualTo(401);
        } finally {
            CLOCK.set(start);
        }
    }

    @Test
    void csrf_isCheckedOnlyForUnsafeMethods_andAWrongTokenFails() throws Exception {
        Login in = login("username=demo&password=demo", null, null, null);
        assertThat(withSession("GET", "/api/auth/v1/scopes/current", in.session(), null).statusCode()).isEqualTo(200);
        assertThat(withSession("POST", "/api/auth/v1/scopes/expand", in.session(), in.csrf()).statusCode()).isEqualTo(200);
        HttpResponse<String> wrong = withSession("POST", "/api/auth/v1/scopes/expand", in.session(), in.csrf() + "x");
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(TestServer.JSON.readTree(wrong.body()).get("message").asText()).isEqualTo("Access denied due to invalid CSRF token.");
        Login other = login("username=demo&password=demo", null, null, null);
        assertThat(withSession("POST", "/api/auth/v1/scopes/expand", in.session(), other.csrf()).statusCode()).isEqualTo(403);
    }

    @Test
    void aSessionOfADisabledUser_ends() throws Exception {
        Login in = login("username=grace&password=grace-password", null, null, null);
        assertThat(server.send("POST", "/api/auth/v1/users/grace", Map.of("enabled", false), server.root()).status()).isEqualTo(200);
        assertThat(withSession("GET", "/api/auth/v1/scopes/current", in.session(), null).statusCode()).isEqualTo(401);
        assertThat(server.send("POST", "/api/auth/v1/users/grace", Map.of("enabled", true), server.root()).status()).isEqualTo(200);
    }

    @Test
    void theStore_keepsOnlyHashesOfSessionIds() throws Exception {
        Login in = login("username=demo&password=demo", null, null, null);
        try (Database db = Database.sqlite(dir.resolve("taskgate.db"))) {
            String all = db.read(c -> {
                StringBuilder sb = new StringBuilder();
                try (var s = c.prepareStatement("SELECT id_hash, csrf_hash FROM sessions"); var r = s.executeQuery()) {
                    while (r.next()) {
                        sb.append(r.getString(1)).append(r.getString(2));
                    }
                }
                return sb.toString();
            });
            assertThat(all).isNotEmpty().doesNotContain(in.session()).doesNotContain(in.csrf());
        }
    }
}
