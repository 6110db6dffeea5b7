package io.taskgate.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskgate.server.app.Config;
import io.taskgate.server.app.Taskgate;
import io.taskgate.server.browser.Browser;
import io.taskgate.server.browser.TestSite;
import io.taskgate.server.identity.Audit;
import io.taskgate.server.identity.JdbcRoleStore;
import io.taskgate.server.identity.JdbcUserStore;
import io.taskgate.server.identity.StoredRole;
import io.taskgate.server.identity.Passwords;
import io.taskgate.server.identity.User;
import io.taskgate.server.login.LdapTestServer;
import io.taskgate.server.store.Database;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GP1 end to end: a static web app on localhost sends a real browser (Debian's chromium) to the
 * Access Grant; the person signs in and clicks Grant Access; the app receives clientId, accessToken
 * and certificate; and the real {@code taskcluster-client} calls {@code auth.currentScopes()} with them.
 */
class AccessGrantBrowserInteropTest {

    @TempDir
    static Path dir;
    private static LdapTestServer ldap;
    private static Taskgate server;
    private static NodeOracle node;
    private static String rootUrl;

    @BeforeAll
    static void start() throws Exception {
        // The app runs on 127.0.0.1, which is allowed; other hosts need confirmation.
        ldap = new LdapTestServer();
        server = Taskgate.start(Config.of("127.0.0.1", 0, dir, Map.of("TASKGATE_LOGIN_ALLOWED_HOSTS", "127.0.0.1",
                "TASKGATE_LDAP", ldap.templateJson(""))), Clock.systemUTC(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try (Database db = Database.sqlite(dir.resolve("taskgate.db"))) {
            Instant now = Instant.now();
            new JdbcUserStore(db).create(new User("ada", "Ada", List.of("staff"), true, Optional.of(new Passwords().hash("ada-password")),
                    now, now, now), Audit.ofUser("ada", "test", "created", now));
            new JdbcRoleStore(db).create(new StoredRole("group:staff", List.of("auth:current-scopes"), "staff", now, now),
                    Audit.ofRole("group:staff", "test", "created", now));
            new JdbcRoleStore(db).create(new StoredRole("group:ldap/ops", List.of("auth:current-scopes"), "ops", now, now),
                    Audit.ofRole("group:ldap/ops", "test", "created", now));
        }
        server.reloadUsers();
        server.reloadIdentities();
        rootUrl = "http://localhost:" + server.port();
        node = new NodeOracle();
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
        server.close();
        ldap.close();
    }

    @Test
    void gp1_aLocalUserGrantsCredentials_andTaskclusterClientUsesThem() throws Exception {
        try (TestSite app = TestSite.start(); Browser browser = Browser.desktop()) {
            Map<String, String> got = walkGrant(app, browser, "local", "Username (Taskgate account)", "ada", "ada-password",
                    "Taskgate account");
            JsonNode current = node.call("callAuth", Map.of("rootUrl", rootUrl, "call", "currentScopes", "args", List.of(),
                    "credentials", NodeOracle.creds(got.get("clientId"), got.get("accessToken"), got.get("certificate"))));
            assertThat(current.get("ok").asBoolean()).as("%s", current).isTrue();
            assertThat(current.get("value").get("scopes").toString()).contains("assume:login-identity:local/ada")
                    .contains("assume:group:staff");
        }
    }

    @Test
    void gp1_anLdapUserGrantsCredentials_andTaskclusterClientUsesThem() throws Exception {
        try (TestSite app = TestSite.start(); Browser browser = Browser.phone()) {
            Map<String, String> got = walkGrant(app, browser, "ldap-phone", "Username (LDAP)", "alice", LdapTestServer.ALICE_PASSWORD, "LDAP");
            assertThat(got.get("clientId")).isEqualTo("ldap/alice");
            JsonNode current = node.call("callAuth", Map.of("rootUrl", rootUrl, "call", "currentScopes", "args", List.of(),
                    "credentials", NodeOracle.creds(got.get("clientId"), got.get("accessToken"), got.get("certificate"))));
            assertThat(current.get("ok").asBoolean()).as("%s", current).isTrue();
            assertThat(current.get("value").get("scopes").toString()).contains("assume:login-identity:ldap/alice")
                    .contains("assume:group:ldap/ops").contains("auth:current-scopes");
        }
    }

    /**
     * The app's page sends the browser to the grant; the person signs in with {@code source} and
     * grants; returns the query the app's callback received.
     */
    static Map<String, String> walkGrant(TestSite app, Browser browser, String shotPrefix, String usernameLabel, String username,
            String password, String sourceLabel) {
        String callback = app.url("/app/callback");
        String grant = rootUrl + "/login?target=" + URLEncoder.encode(callback, StandardCharsets.UTF_8) + "&description="
                + URLEncoder.encode("**Interop app** lists your pending tasks.", StandardCharsets.UTF_8);
        app.redirect("/app/start", 302, grant).page("/app/callback", "<!doctype html><title>App</title><p>Signed in</p>");

        browser.open(app.url("/app/start"));
        assertThat(browser.currentUrl()).as(browser.describe()).startsWith(rootUrl + "/login?target=");
        browser.screenshot(shotPrefix + "-1-sign-in");
        browser.fill(usernameLabel, username).fill(usernameLabel.replace("Username", "Password"), password)
                .click("Sign in with " + sourceLabel);
        assertThat(browser.text()).as(browser.describe()).contains("Grant access").contains("Interop app");
        browser.screenshot(shotPrefix + "-2-grant");
        browser.click("Grant Access");
        assertThat(browser.currentUrl()).as(browser.describe()).startsWith(callback + "?clientId=");
        browser.screenshot(shotPrefix + "-3-back-at-the-app");

        List<TestSite.Request> received = app.requests("/app/callback");
        assertThat(received).hasSize(1);
        Map<String, String> out = new HashMap<>();
        for (String pair : received.getFirst().rawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            out.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        assertThat(out).containsKeys("clientId", "accessToken", "certificate");
        return out;
    }
}
