package io.taskgate.server.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskgate.hawk.HawkSigner;
import io.taskgate.hawk.MutableClock;
import io.taskgate.server.identity.Audit;
import io.taskgate.server.identity.JdbcUserStore;
import io.taskgate.server.identity.Passwords;
import io.taskgate.server.identity.User;
import io.taskgate.server.store.Database;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Users through the admin API, and HTTP Basic for users and clients, over real HTTP. */
class UsersAndBasicApiTest {

    private static final String ADMIN = "static/user-admin";
    private static final String ADMIN_TOKEN = "user-admin-token-ffffffffffffffffffffffffff";
    private static final String READER = "static/reader";
    private static final String READER_TOKEN = "reader-client-token-gggggggggggggggggggggggg";

    @TempDir
    static Path dir;
    private static final MutableClock CLOCK = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(dir, Map.of("TASKGATE_STATIC_CLIENTS",
                "[{\"clientId\":\"" + ADMIN + "\",\"accessToken\":\"" + ADMIN_TOKEN + "\",\"scopes\":[\"auth:create-user:*\",\"auth:update-user:*\",\"auth:get-user:*\","
                        + "\"auth:delete-user:*\",\"auth:list-users\",\"assume:login-identity:local/*\","
                        + "\"assume:group:staff\"]},{\"clientId\":\"" + READER + "\",\"accessToken\":\"" + READER_TOKEN
                        + "\",\"scopes\":[\"auth:current-scopes\"]}]"), CLOCK);
        // What the dev profile does: demo/demo, shorter than the API allows.
        try (Database db = Database.sqlite(dir.resolve("taskgate.db"))) {
            Instant now = CLOCK.instant();
            new JdbcUserStore(db).create(new User("demo", "Demo", List.of("admin"), true, Optional.of(new Passwords().hash("demo")), now,
                    now, now), Audit.ofUser("demo", "test", "created", now));
        }
        TestServer.Answer role = server.send("PUT", "/api/auth/v1/roles/group:admin", Map.of("description", "admins", "scopes", List.of("auth:*")),
                server.root());
        assertThat(role.status()).as(role.raw().body()).isEqualTo(200);
        assertThat(server.send("PUT", "/api/auth/v1/roles/group:staff", Map.of("description", "staff",
                "scopes", List.of("auth:current-scopes")), server.root()).status()).isEqualTo(200);
        server.taskgate.reloadUsers();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HawkSigner.Credentials admin() {
        return HawkSigner.Credentials.permanent(ADMIN, ADMIN_TOKEN);
    }

    private static TestServer.Answer basic(String name, String password) throws Exception {
        String pair = Base64.getEncoder().encodeToString((name + ":" + password).getBytes(StandardCharsets.UTF_8));
        return server.sendAuthorization("GET", "/api/auth/v1/scopes/current", null, "Basic " + pair);
    }

    @Test
    void seedLine_curlUserDemoDemo_getsTheUsersScopes() throws Exception {
        Process p = new ProcessBuilder("curl", "-sS", "--user", "demo:demo", server.taskgate.publicUrl() + "/api/auth/v1/scopes/current")
                .redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(
                "{\"scopes\":[\"assume:anonymous\",\"assume:group:admin\",\"assume:login-identity:local/demo\",\"auth:*\"]}");
    }

    @Test
    void aUsersScopes_areItsLoginIdentityAndGroups_expandedThroughRoles() throws Exception {
        TestServer.Answer made = server.send("PUT", "/api/auth/v1/users/ada", Map.of("displayName", "Ada", "groups", List.of("staff"),
                "password", "correct horse battery"), admin());
        assertThat(made.status()).as(made.raw().body()).isEqualTo(200);
        assertThat(made.raw().body()).doesNotContain("correct horse").doesNotContain("argon2");
        assertThat(made.body().get("hasPassword").asBoolean()).isTrue();
        TestServer.Answer me = basic("ada", "correct horse battery");
        assertThat(me.status()).isEqualTo(200);
        // The convention role login-identity:* lets ada manage clients under local/ada/.
        assertThat(me.body().get("scopes").toString()).isEqualTo("[\"assume:anonymous\",\"assume:group:staff\","
                + "\"assume:login-identity:local/ada\",\"auth:create-client:local/ada/*\",\"auth:current-scopes\","
                + "\"auth:delete-client:local/ada/*\",\"auth:reset-access-token:local/ada/*\",\"auth:update-client:local/ada/*\"]");
    }

    @Test
    void basicForClients_takesClientIdAndAccessToken() throws Exception {
        assertThat(basic(READER, READER_TOKEN).status()).isEqualTo(200);
        assertThat(basic(READER, "wrong-token").status()).isEqualTo(401);
    }

    @Test
    void wrongPassword_andUnknownUser_getTheSameAnswer() throws Exception {
        TestServer.Answer wrong = basic("demo", "not-demo");
        TestServer.Answer unknown = basic("nobody-at-all", "whatever");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(wrong.body().get("message").asText()).isEqualTo("Invalid username or password");
        assertThat(unknown.body().get("message").asText()).isEqualTo(wrong.body().get("message").asText());
    }

    @Test
    void aRememberedPassword_stopsWorkingAtOnce_onChangeDisableAndDelete() throws Exception {
        server.send("PUT", "/api/auth/v1/users/bob", Map.of("displayName", "Bob", "groups", List.of("staff"), "password", "first-password"), admin());
        assertThat(basic("bob", "first-password").status()).isEqualTo(200);
        assertThat(basic("bob", "first-password").status()).isEqualTo(200); // now from the cache

        assertThat(server.send("POST", "/api/auth/v1/users/bob/password", Map.of("password", "second-password"), admin()).status())
                .isEqualTo(200);
        assertThat(basic("bob", "first-password").status()).isEqualTo(401);
        assertThat(basic("bob", "second-password").status()).isEqualTo(200);

        assertThat(server.send("POST", "/api/auth/v1/users/bob", Map.of("enabled", false), admin()).status()).isEqualTo(200);
        assertThat(basic("bob", "second-password").status()).isEqualTo(401);
        assertThat(server.send("POST", "/api/auth/v1/users/bob", Map.of("enabled", true), admin()).status()).isEqualTo(200);
        assertThat(basic("bob", "second-password").status()).isEqualTo(200);

        assertThat(server.send("DELETE", "/api/auth/v1/users/bob", null, admin()).status()).isEqualTo(200);
        assertThat(basic("bob", "second-password").status()).isEqualTo(401);
    }

    @Test
    void repeatedFailures_areThrottledWith429_andRecover() throws Exception {
        server.send("PUT", "/api/auth/v1/users/carol", Map.of("displayName", "Carol", "groups", List.of("staff"), "password", "carols-password"), admin());
        for (int i = 0; i < 5; i++) {
            assertThat(basic("carol", "guess-" + i).status()).isEqualTo(401);
        }
        assertThat(basic("carol", "guess-5").status()).isEqualTo(401); // the sixth failure starts the wait
        TestServer.Answer limited = basic("carol", "carols-password");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.body().get("code").asText()).isEqualTo("TooManyRequests");
        long retryAfter = Long.parseLong(limited.raw().headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 2L);
        CLOCK.advance(Duration.ofSeconds(retryAfter));
        assertThat(basic("carol", "carols-password").status()).isEqualTo(200);
        // Another user from the same address was never held up.
        assertThat(basic("demo", "demo").status()).isEqualTo(200);
    }

    @Test
    void grantingAGroup_needsTheGroupsScope() throws Exception {
        TestServer.Answer denied = server.send("PUT", "/api/auth/v1/users/eve", Map.of("displayName", "Eve", "groups", List.of("admin")),
                admin());
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.body().get("details").get("unsatisfied").toString()).contains("assume:group:admin");
        assertThat(server.send("GET", "/api/auth/v1/users/eve", null, admin()).status()).isEqualTo(404);
        TestServer.Answer made = server.send("PUT", "/api/auth/v1/users/eve", Map.of("displayName", "Eve"), admin());
        assertThat(made.status()).isEqualTo(200);
        assertThat(server.send("POST", "/api/auth/v1/users/eve", Map.of("groups", List.of("staff", "admin")), admin()).status())
                .isEqualTo(403);
    }

    @Test
    void nobodyCanTakeOverAUserWhoHoldsMoreThanThey() throws Exception {
        // The admin client may update users, but does not hold group admin, which demo has.
        TestServer.Answer reset = server.send("POST", "/api/auth/v1/users/demo/password", Map.of("password", "taken-over!"), admin());
        assertThat(reset.status()).isEqualTo(403);
        assertThat(reset.body().get("details").get("unsatisfied").toString()).contains("assume:group:admin");
        assertThat(server.send("POST", "/api/auth/v1/users/demo", Map.of("displayName", "Mallory's"), admin()).status()).isEqualTo(403);
        assertThat(basic("demo", "demo").status()).isEqualTo(200);
    }

    @Test
    void aPasswordChange_endsTheUsersSessions() throws Exception {
        server.send("PUT", "/api/auth/v1/users/dora", Map.of("displayName", "Dora", "groups", List.of("staff"), "password", "doras-password"),
                admin());
        String[] session = server.login("dora", "doras-password");
        assertThat(server.sendAuthorization("GET", "/api/auth/v1/scopes/current", null, null, session[0], null).status()).isEqualTo(200);
        server.send("POST", "/api/auth/v1/users/dora/password", Map.of("password", "doras-new-password"), admin());
        assertThat(server.sendAuthorization("GET", "/api/auth/v1/scopes/current", null, null, session[0], null).status()).isEqualTo(401);
    }

    @Test
    void badInput_getsAnInputErrorNamingTheField() throws Exception {
        assertThat(server.send("PUT", "/api/auth/v1/users/a:b", Map.of("displayName", "x"), admin()).body().get("message").asText())
                .startsWith("username:");
        assertThat(server.send("PUT", "/api/auth/v1/users/frank", Map.of("displayName", "F", "password", "short"), admin())
                .body().get("message").asText()).isEqualTo("password: must be 8 to 1024 characters");
        TestServer.Answer badGroup = server.send("PUT", "/api/auth/v1/users/frank", Map.of("displayName", "F", "groups", List.of("a*")),
                admin());
        assertThat(badGroup.status()).isEqualTo(400);
        assertThat(badGroup.body().get("message").asText()).startsWith("groups[0]:");
        assertThat(server.send("PUT", "/api/auth/v1/users/frank", Map.of("displayName", "F", "admin", true), admin())
                .body().get("message").asText()).isEqualTo("admin: is not an allowed property here");
        TestServer.Answer withPassword = server.send("PUT", "/api/auth/v1/users/frank", Map.of("displayName", 7, "password", "secret-pass"),
                admin());
        assertThat(withPassword.status()).isEqualTo(400);
        assertThat(withPassword.raw().body()).doesNotContain("secret-pass");
    }

    @Test
    void listAndAudit() throws Exception {
        server.send("PUT", "/api/auth/v1/users/list-a", Map.of("displayName", "A"), admin());
        server.send("PUT", "/api/auth/v1/users/list-b", Map.of("displayName", "B"), admin());
        TestServer.Answer page = server.send("GET", "/api/auth/v1/users/?prefix=list-&limit=1", null, admin());
        assertThat(page.body().get("users").findValuesAsText("username")).containsExactly("list-a");
        String next = page.body().get("continuationToken").asText();
        assertThat(server.send("GET", "/api/auth/v1/users/?prefix=list-&continuationToken=" + next, null, admin()).body().get("users")
                .findValuesAsText("username")).containsExactly("list-b");
        TestServer.Answer audit = server.send("GET", "/api/auth/v1/audit/user/list-a", null, server.root());
        assertThat(audit.body().get("auditHistory").get(0).get("clientId").asText()).isEqualTo(ADMIN);
    }

    @Test
    void malformedBasic_is401() throws Exception {
        TestServer.Answer a = server.sendAuthorization("GET", "/api/auth/v1/scopes/current", null, "Basic !!!");
        assertThat(a.status()).isEqualTo(401);
        assertThat(a.body().get("message").asText()).contains("base64");
    }
}
