package io.taskgate.server.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskgate.hawk.HawkSigner;
import io.taskgate.hawk.MutableClock;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sign-in at the pages through an upstream OIDC provider (mock-oauth2-server), then the Access Grant. */
class OidcSignInApiTest {

    @TempDir
    static Path dir;
    private static final MutableClock CLOCK = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private static final HttpClient IDP_BROWSER = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static MockOAuth2Server idp;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        idp = new MockOAuth2Server(new OAuth2Config(false, null, null, false, new OAuth2TokenProvider(), Set.of(
                new DefaultOAuth2TokenCallback("corp", "user-1", "JWT", List.of("ignored"),
                        Map.of("email", "ada@example.com", "email_verified", true, "groups", List.of("staff")), 3600L))));
        idp.start();
        String providers = "[{\"name\":\"corp\",\"displayName\":\"Corp SSO\",\"issuer\":\"" + idp.issuerUrl("corp")
                + "\",\"clientId\":\"taskgate\",\"clientSecret\":\"s3cret-value\",\"identityClaim\":\"email\",\"groupsClaim\":\"groups\"},"
                + "{\"name\":\"down\",\"displayName\":\"Down SSO\",\"issuer\":\"http://localhost:9/nowhere\",\"clientId\":\"t\","
                + "\"clientSecret\":\"s\"}]";
        server = new TestServer(dir, Map.of("TASKGATE_LOGIN_OIDC", providers, "TASKGATE_LOGIN_ALLOWED_HOSTS", "app.example"), CLOCK);
        assertThat(server.send("PUT", "/api/auth/v1/roles/group:corp%2Fstaff", Map.of("description", "corp staff",
                "scopes", List.of("auth:current-scopes")), server.root()).status()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        server.close();
        idp.shutdown();
    }

    /** Clicks the provider's button on the sign-in page, lets the provider answer, and follows its redirect back to us. */
    private static HttpResponse<String> signInThroughProvider(PageClient browser, String startPath) throws Exception {
        HttpResponse<String> page = browser.get(startPath);
        Matcher button = Pattern.compile("href=\"(/login/oidc/corp\\?next=[^\"]+)\">Sign in with Corp SSO<").matcher(page.body());
        assertThat(button.find()).as(page.body()).isTrue();
        HttpResponse<String> toIdp = browser.get(PageClient.unescape(button.group(1)));
        assertThat(toIdp.statusCode()).isEqualTo(303);
        URI authorize = URI.create(PageClient.location(toIdp));
        assertThat(authorize.getQuery()).contains("code_challenge_method=S256").contains("nonce=").contains("state=");
        HttpResponse<String> answer = IDP_BROWSER.send(HttpRequest.newBuilder(authorize).GET().build(), HttpResponse.BodyHandlers.ofString());
        URI callback = URI.create(PageClient.location(answer));
        assertThat(callback.getPath()).isEqualTo("/login/oidc/corp/callback");
        return browser.get(callback.getRawPath() + "?" + callback.getRawQuery());
    }

    @Test
    void aPersonSignsInAtTheProvider_andGrantsCredentialsInTheirOutsideIdentity() throws Exception {
        PageClient browser = new PageClient(server);
        String grantPath = "/login?target=" + URLEncoder.encode("https://app.example/", StandardCharsets.UTF_8) + "&description=hi";
        HttpResponse<String> back = signInThroughProvider(browser, grantPath);
        assertThat(back.statusCode()).isEqualTo(303);
        assertThat(PageClient.location(back)).isEqualTo(grantPath);
        assertThat(back.headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith("TASKGATE-OIDC=;") && c.contains("Max-Age=0"));

        HttpResponse<String> grant = browser.get(grantPath);
        assertThat(grant.body()).contains("<code>corp/ada@example.com</code>").contains("<li>assume:group:corp/staff</li>");
        Map<String, String> got = PageClient.params(PageClient.location(browser.submit(grant,
                "/login/grant", Map.of("decision", "grant"))), false);
        assertThat(got.get("clientId")).isEqualTo("corp/ada@example.com");
        TestServer.Answer current = server.send("GET", "/api/auth/v1/scopes/current", null,
                new HawkSigner.Credentials(got.get("clientId"), got.get("accessToken"), Optional.of(got.get("certificate")), Optional.empty()));
        assertThat(current.status()).as(current.raw().body()).isEqualTo(200);
        assertThat(current.body().get("scopes").toString()).contains("assume:login-identity:corp/ada@example.com")
                .contains("assume:group:corp/staff");

        // The session is an API session too.
        TestServer.Answer api = server.sendAuthorization("GET", "/api/auth/v1/scopes/current", null, null,
                "TASKGATE-SESSION=" + browser.cookies.get("TASKGATE-SESSION"), null);
        assertThat(api.status()).isEqualTo(200);
    }

    @Test
    void aCallbackThatDoesNotMatchTheSignInStarted_isRefused() throws Exception {
        PageClient browser = new PageClient(server);
        HttpResponse<String> page = browser.get("/login");
        assertThat(page.body()).contains("Sign in with Corp SSO");
        HttpResponse<String> toIdp = browser.get("/login/oidc/corp?next=%2Flogin%2Faccount");
        URI authorize = URI.create(PageClient.location(toIdp));
        URI callback = URI.create(PageClient.location(IDP_BROWSER.send(HttpRequest.newBuilder(authorize).GET().build(),
                HttpResponse.BodyHandlers.ofString())));
        String code = PageClient.params(callback.toString(), false).get("code");

        HttpResponse<String> wrongState = browser.get("/login/oidc/corp/callback?code=" + code + "&state=forged");
        assertThat(wrongState.statusCode()).isEqualTo(400);
        assertThat(wrongState.body()).contains("state mismatch");
        PageClient stranger = new PageClient(server); // the code arrives in a browser that never started a sign-in
        HttpResponse<String> noCookie = stranger.get(callback.getRawPath() + "?" + callback.getRawQuery());
        assertThat(noCookie.statusCode()).isEqualTo(400);
        assertThat(stranger.cookies).doesNotContainKey("TASKGATE-SESSION");
        String state = PageClient.params(callback.toString(), false).get("state");
        HttpResponse<String> denied = browser.get("/login/oidc/corp/callback?error=access_denied&state=" + state);
        assertThat(denied.statusCode()).isEqualTo(401);
        assertThat(denied.body()).contains("Sign-in with Corp SSO was not completed: access_denied");
        assertThat(browser.get("/login/oidc/nope").statusCode()).isEqualTo(404);
        HttpResponse<String> down = browser.get("/login/oidc/down?next=%2Flogin%2Faccount");
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.body()).contains("Sign-in with Down SSO is not available just now");
    }
}
