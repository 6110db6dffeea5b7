package io.taskgate.server.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskgate.hawk.HawkSigner;
import io.taskgate.hawk.MutableClock;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sign-in pages and the Access Grant over real HTTP, each rule of spec/login.md, without a browser. */
class AccessGrantApiTest {

    @TempDir
    static Path dir;
    private static final MutableClock CLOCK = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private static TestServer server;
    private static final String DESCRIPTION = "# Test app\nWants to **list tasks**. <script>alert(1)</script> [x](javascript:alert(2))";

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(dir, Map.of("TASKGATE_LOGIN_ALLOWED_HOSTS", "allowed.example"), CLOCK);
        SessionsApiTest.addUser(dir, "demo", "demo-password");
        assertThat(server.send("PUT", "/api/auth/v1/roles/group:admin", Map.of("description", "admins", "scopes",
                List.of("auth:current-scopes")), server.root()).status()).isEqualTo(200);
        server.taskgate.reloadUsers();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String grantPath(String target, String description) {
        return "/login?target=" + URLEncoder.encode(target, StandardCharsets.UTF_8) + "&description="
                + URLEncoder.encode(description, StandardCharsets.UTF_8);
    }

    @Test
    void signedOutVisitor_signsInFirst_thenSeesTheGrant_andTheCredentialsWork() throws Exception {
        PageClient browser = new PageClient(server);
        String path = grantPath("https://app.example/land?keep=1", DESCRIPTION);
        HttpResponse<String> signIn = browser.get(path);
        assertThat(signIn.statusCode()).isEqualTo(200);
        assertThat(signIn.body()).contains("Sign in to grant access to https://app.example.").contains("name=\"password\"");
        assertThat(PageClient.hidden(signIn.body())).containsEntry("next", path.substring(0));

        HttpResponse<String> grant = browser.signIn(path, "local", "demo", "demo-password");
        assertThat(grant.statusCode()).isEqualTo(200);
        String html = grant.body();
        assertThat(html).contains("<p class=\"origin\">https://app.example</p>")
                .contains("<strong>list tasks</strong>")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>")
                .contains("<a rel=\"nofollow noopener noreferrer\" href=\"\">x</a>")
                .contains("<li>assume:login-identity:local/demo</li>").contains("<li>assume:group:admin</li>")
                .contains("Grant Access").contains("name=\"confirm_host\"");
        String csp = grant.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("default-src 'none'").contains("form-action 'self' https://app.example").contains("frame-ancestors 'none'")
                .doesNotContain("script-src");
        assertThat(grant.headers().firstValue("Referrer-Policy")).contains("no-referrer");
        assertThat(grant.headers().firstValue("Cache-Control")).contains("no-store");

        Map<String, String> form = PageClient.hidden(html);
        form.put("decision", "grant");
        form.put("confirm_host", "App.Example");
        HttpResponse<String> back = browser.post("/login/grant", form);
        assertThat(back.statusCode()).isEqualTo(303);
        assertThat(back.headers().firstValue("Referrer-Policy")).contains("no-referrer");
        String location = PageClient.location(back);
        assertThat(location).startsWith("https://app.example/land?keep=1&clientId=");
        Map<String, String> got = PageClient.params(location, false);
        assertThat(got).containsEntry("keep", "1").containsEntry("clientId", "local/demo").containsKey("accessToken");
        JsonNode cert = TestServer.JSON.readTree(got.get("certificate"));
        assertThat(cert.get("issuer").asText()).isEqualTo("static/taskgate/login");
        assertThat(cert.get("start").asLong()).isEqualTo(CLOCK.instant().minus(Duration.ofMinutes(15)).toEpochMilli());
        assertThat(cert.get("expiry").asLong()).isEqualTo(CLOCK.instant().plus(Duration.ofDays(3)).toEpochMilli());
        assertThat(cert.get("scopes")).hasSize(2);

        HawkSigner.Credentials creds = new HawkSigner.Credentials(got.get("clientId"), got.get("accessToken"),
                Optional.of(got.get("certificate")), Optional.empty());
        TestServer.Answer current = server.send("GET", "/api/auth/v1/scopes/current", null, creds);
        assertThat(current.status()).as(current.raw().body()).isEqualTo(200);
        assertThat(current.body().get("scopes").toString()).contains("assume:login-identity:local/demo")
                .contains("auth:create-client:local/demo/*");

        // Confirmed once, the host needs no typing the next time.
        HttpResponse<String> again = browser.get(path);
        assertThat(again.body()).contains("Grant Access").doesNotContain("name=\"confirm_host\"");
    }

    @Test
    void credentialsPasswordsAndSessions_neverReachTheLog() throws Exception {
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> seen = new ch.qos.logback.core.read.ListAppender<>();
        seen.start();
        root.addAppender(seen);
        try {
            PageClient browser = new PageClient(server);
            String path = grantPath("https://allowed.example/logged", "hi");
            HttpResponse<String> grant = browser.signIn(path, "local", "demo", "demo-password");
            Map<String, String> got = PageClient.params(PageClient.location(browser.submit(grant,
                    "/login/grant", Map.of("decision", "grant"))), false);
            String log = String.join("\n", seen.list.stream().map(e -> e.getFormattedMessage()).toList());
            assertThat(log).as("requests were logged").contains("/login/grant");
            assertThat(log).doesNotContain(got.get("accessToken")).doesNotContain("demo-password")
                    .doesNotContain(browser.cookies.get("TASKGATE-SESSION")).doesNotContain(TestServer.JSON.readTree(got.get("certificate"))
                            .get("signature").asText());
        } finally {
            root.detachAppender(seen);
        }
    }

    @Test
    void wrongHostTyped_showsTheGrantAgain_withoutCredentials() throws Exception {
        PageClient browser = new PageClient(server);
        String path = grantPath("https://phish.example/", "hello");
        HttpResponse<String> grant = browser.signIn(path, "local", "demo", "demo-password");
        HttpResponse<String> r = browser.submit(grant, "/login/grant", Map.of("decision", "grant", "confirm_host", "app.example"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Location")).isEmpty();
        assertThat(r.body()).contains("does not match phish.example").contains("name=\"confirm_host\"");
    }

    @Test
    void allowedHost_needsNoConfirmation_andFragmentModeKeepsCredentialsOutOfTheQuery() throws Exception {
        PageClient browser = new PageClient(server);
        String path = grantPath("https://allowed.example/app#top", "hi") + "&response_mode=fragment";
        HttpResponse<String> grant = browser.signIn(path, "local", "demo", "demo-password");
        assertThat(grant.body()).doesNotContain("name=\"confirm_host\"");
        String location = PageClient.location(browser.submit(grant, "/login/grant", Map.of("decision", "grant")));
        assertThat(location).startsWith("https://allowed.example/app#top&clientId=local%2Fdemo&accessToken=");
        assertThat(PageClient.params(location, true)).containsKeys("clientId", "accessToken", "certificate");
    }

    @Test
    void deny_returnsAccessDenied_evenWithoutTypingTheHost() throws Exception {
        PageClient browser = new PageClient(server);
        String path = grantPath("http://localhost:9999/cb?x=y", "hi");
        HttpResponse<String> grant = browser.signIn(path, "local", "demo", "demo-password");
        HttpResponse<String> r = browser.submit(grant, "/login/grant", Map.of("decision", "deny"));
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(PageClient.location(r)).isEqualTo("http://localhost:9999/cb?x=y&error=access_denied");
    }

    @Test
    void grantWithoutTheFormToken_isRefused() throws Exception {
        PageClient browser = new PageClient(server);
        String path = grantPath("https://allowed.example/", "hi");
        HttpResponse<String> grant = browser.signIn(path, "local", "demo", "demo-password");
        HttpResponse<String> r = browser.submit(grant, "/login/grant", Map.of("decision", "grant", "form_token", "forged"));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
        assertThat(r.body()).contains("did not come from your own grant page").doesNotContain("accessToken");
    }

    @Test
    void incompleteOrUnsafeRequests_explainWhatIsWrong_andOfferNoGrant() throws Exception {
        PageClient browser = new PageClient(server);
        browser.signIn("/login", "local", "demo", "demo-password");
        HttpResponse<String> noDescription = browser.get("/login?target=" + URLEncoder.encode("https://a.example/", StandardCharsets.UTF_8));
        assertThat(noDescription.statusCode()).isEqualTo(400);
        assertThat(noDescription.body()).contains("description is missing").doesNotContain("Grant Access");
        HttpResponse<String> noTarget = browser.get("/login?description=hi");
        assertThat(noTarget.body()).contains("target is missing").doesNotContain("Grant Access");
        for (String bad : List.of("http://evil.example/", "javascript:alert(1)", "https://good.example@evil.example/", "ftp://x.example/",
                "/relative")) {
            HttpResponse<String> r = browser.get(grantPath(bad, "hi"));
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(r.body()).as(bad).contains("target must be").doesNotContain("Grant Access");
        }
        HttpResponse<String> mode = browser.get(grantPath("https://a.example/", "hi") + "&response_mode=form_post");
        assertThat(mode.body()).contains("response_mode must be query or fragment");
    }

    @Test
    void wrongPassword_isTheSameAnswerAsUnknownUser_andSignInNeedsTheFormsCookie() throws Exception {
        PageClient browser = new PageClient(server);
        HttpResponse<String> page = browser.get("/login");
        Map<String, String> form = PageClient.hidden(page.body());
        form.putAll(Map.of("source", "local", "username", "demo", "password", "wrong"));
        HttpResponse<String> wrong = browser.post("/login/password", form);
        form.put("username", "nobody");
        HttpResponse<String> unknown = browser.post("/login/password", form);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("Invalid username or password");
        assertThat(unknown.body()).contains("Invalid username or password");

        PageClient other = new PageClient(server); // a cross-site form post carries no login cookie
        form.putAll(Map.of("username", "demo", "password", "demo-password"));
        HttpResponse<String> forged = other.post("/login/password", form);
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(other.cookies).doesNotContainKey("TASKGATE-SESSION");
    }

    @Test
    void signInNeverRedirectsOffSite() throws Exception {
        PageClient browser = new PageClient(server);
        HttpResponse<String> page = browser.get("/login");
        Map<String, String> form = PageClient.hidden(page.body());
        form.putAll(Map.of("source", "local", "username", "demo", "password", "demo-password", "next", "//evil.example/x"));
        assertThat(PageClient.location(browser.post("/login/password", form))).isEqualTo("/login/account");
    }

    @Test
    void accountPage_showsIdentityAndScopes_theSessionWorksOnTheApi_andSignOutEndsIt() throws Exception {
        PageClient browser = new PageClient(server);
        HttpResponse<String> account = browser.signIn("/login", "local", "demo", "demo-password");
        assertThat(account.body()).contains("<code>local/demo</code>").contains("assume:group:admin");
        String cookie = "TASKGATE-SESSION=" + browser.cookies.get("TASKGATE-SESSION");
        TestServer.Answer api = server.sendAuthorization("GET", "/api/auth/v1/scopes/current", null, null, cookie, null);
        assertThat(api.status()).isEqualTo(200);
        assertThat(api.body().get("scopes").toString()).contains("assume:login-identity:local/demo");

        Map<String, String> form = PageClient.hidden(account.body());
        HttpResponse<String> out = browser.post("/login/signout", form);
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(browser.cookies).doesNotContainKey("TASKGATE-SESSION");
        assertThat(server.sendAuthorization("GET", "/api/auth/v1/scopes/current", null, null, cookie, null).status()).isEqualTo(401);
    }

    @Test
    void rootWithGrantParameters_redirectsToLoginWithTheSameQuery() throws Exception {
        HttpResponse<String> r = new PageClient(server).get("/?target=https%3A%2F%2Fa.example%2F&description=hi%20there");
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(PageClient.location(r)).isEqualTo("/login?target=https%3A%2F%2Fa.example%2F&description=hi%20there");
    }
}
