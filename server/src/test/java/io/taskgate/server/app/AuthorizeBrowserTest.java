package io.taskgate.server.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskgate.server.browser.Browser;
import io.taskgate.server.browser.TestSite;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A third-party app's authorization code flow in Debian's chromium: sign-in, the consent page, Allow, the code at the app. */
class AuthorizeBrowserTest {

    @TempDir
    static Path dir;
    private static TestSite app;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        app = TestSite.start();
        app.page("/cb", "<!doctype html><title>App</title><p>back at the app</p>");
        String apps = "[{\"clientId\":\"dash\",\"name\":\"Task Dashboard\",\"redirectUris\":[\"" + app.url("/cb")
                + "\"],\"scopes\":[\"auth:current-scopes\"],\"maxLifetimeHours\":2}]";
        server = new TestServer(dir, Map.of("TASKGATE_OAUTH_APPS", apps), Clock.systemUTC());
        SessionsApiTest.addUser(dir, "grace", "grace-password");
        assertThat(server.send("PUT", "/api/auth/v1/roles/group:admin", Map.of("description", "admins", "scopes",
                List.of("auth:current-scopes")), server.root()).status()).isEqualTo(200);
        server.taskgate.reloadUsers();
    }

    @AfterAll
    static void stop() {
        server.close();
        app.close();
    }

    @Test
    void signIn_consent_allow_bringTheCodeToTheApp_whichRedeemsIt() throws Exception {
        byte[] bytes = new byte[32];
        new java.security.SecureRandom().nextBytes(bytes);
        String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        String redirect = app.url("/cb");
        String authorize = "http://127.0.0.1:" + server.taskgate.port() + "/oauth/authorize?response_type=code&client_id=dash"
                + "&redirect_uri=" + URLEncoder.encode(redirect, StandardCharsets.UTF_8) + "&scope=auth%3Acurrent-scopes&state=s-42"
                + "&code_challenge=" + challenge + "&code_challenge_method=S256";
        try (Browser browser = Browser.desktop()) {
            browser.open(authorize);
            browser.fill("Username", "grace").fill("Password", "grace-password").click("Sign in with Taskgate account");
            assertThat(browser.text()).as(browser.describe()).contains("Task Dashboard").contains("auth:current-scopes");
            browser.screenshot("authorize-consent");
            browser.click("Allow");
            assertThat(browser.currentUrl()).as(browser.describe()).startsWith(redirect + "?code=").endsWith("&state=s-42");
        }
        String query = app.requests("/cb").getLast().rawQuery();
        String code = java.net.URLDecoder.decode(query.substring(5, query.indexOf('&')), StandardCharsets.UTF_8);
        TestServer.Answer token = server.postToken("grant_type=authorization_code&code=" + URLEncoder.encode(code, StandardCharsets.UTF_8)
                + "&client_id=dash&redirect_uri=" + URLEncoder.encode(redirect, StandardCharsets.UTF_8) + "&code_verifier=" + verifier, null);
        assertThat(token.status()).as(token.raw().body()).isEqualTo(200);
        assertThat(token.body().get("credentials").get("clientId").asText()).startsWith("local/grace/dash-");
    }
}
