package io.taskgate.server.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskgate.hawk.HawkSigner;
import io.taskgate.hawk.MutableClock;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The authorization code flow with PKCE for registered apps over real HTTP (spec/oauth.md, RFC 6749
 * §4.1, RFC 7636): authorize, sign in, consent, code, token, and the credentials at work; and each
 * way a request is refused, sent back to the app or, when the app cannot be trusted, shown.
 */
class AuthorizeCodeApiTest {

    @TempDir
    static Path dir;
    private static final MutableClock CLOCK = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String DASH = "https://dash.example/callback";
    private static final String TRUSTED = "https://trusted.example/cb";
    private static final String APPS = """
            [{"clientId": "dash", "name": "Task Dashboard",
              "redirectUris": ["https://dash.example/callback", "http://127.0.0.1:8400/cb?x=1"],
              "scopes": ["auth:current-scopes", "queue:get-task:*", "secrets:get:*"], "maxLifetimeHours": 2},
             {"clientId": "trusted", "name": "Trusted Tool", "redirectUris": ["https://trusted.example/cb"],
              "scopes": ["auth:current-scopes"], "maxLifetimeHours": 1, "skipConsent": true}]
            """;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(dir, Map.of("TASKGATE_OAUTH_APPS", APPS), CLOCK);
        SessionsApiTest.addUser(dir, "demo", "demo-password");
        assertThat(server.send("PUT", "/api/auth/v1/roles/group:admin", Map.of("description", "admins", "scopes",
                List.of("auth:current-scopes", "queue:get-task:proj/*")), server.root()).status()).isEqualTo(200);
        server.taskgate.reloadUsers();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A PKCE pair: a verifier of 256 random bits, and its S256 challenge. */
    private record Pkce(String verifier, String challenge) {
        static Pkce create() throws Exception {
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return new Pkce(verifier, Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
        }
    }

    private static String authorizePath(Map<String, String> params) {
        StringBuilder b = new StringBuilder("/oauth/authorize?");
        params.forEach((k, v) -> b.append(b.charAt(b.length() - 1) == '?' ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return b.toString();
    }

    private static Map<String, String> request(String clientId, String redirectUri, String scope, Pkce pkce) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("response_type", "code");
        p.put("client_id", clientId);
        p.put("redirect_uri", redirectUri);
        p.put("scope", scope);
        p.put("state", "st-" + RANDOM.nextInt(1_000_000));
        p.put("code_challenge", pkce.challenge());
        p.put("code_challenge_method", "S256");
        return p;
    }

    /** A browser signed in as demo. */
    private static PageClient signedIn() throws Exception {
        PageClient browser = new PageClient(server);
        browser.signIn("/login", "local", "demo", "demo-password");
        return browser;
    }

    /** Allows {@code params} on the consent page of a signed-in browser; returns the redirect's parameters. */
    private static Map<String, String> allow(PageClient browser, Map<String, String> params) throws Exception {
        HttpResponse<String> consent = browser.get(authorizePath(params));
        assertThat(consent.statusCode()).as(consent.body()).isEqualTo(200);
        HttpResponse<String> back = browser.submit(consent, "/oauth/authorize", Map.of("decision", "allow"));
        assertThat(back.statusCode()).as(back.body()).isEqualTo(303);
        String location = PageClient.location(back);
        assertThat(location).startsWith(params.get("redirect_uri") + "?code=");
        return PageClient.params(location, false);
    }

    private static TestServer.Answer redeem(String code, String clientId, String redirectUri, String verifier) throws Exception {
        return server.postToken("grant_type=authorization_code&code=" + enc(code) + "&client_id=" + enc(clientId) + "&redirect_uri="
                + enc(redirectUri) + "&code_verifier=" + enc(verifier), null);
    }

    private static String clientPath(String clientId) {
        return "/api/auth/v1/clients/" + clientId.replace("/", "%2F");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static void assertOAuthError(TestServer.Answer a, int status, String error, String mention) {
        assertThat(a.status()).as(a.raw().body()).isEqualTo(status);
        assertThat(a.body().get("error").asText()).isEqualTo(error);
        assertThat(a.body().get("error_description").asText()).contains(mention);
        assertThat(a.raw().headers().firstValue("Cache-Control")).contains("no-store");
    }

    private static void assertRedirectedError(HttpResponse<String> r, String redirectUri, String error, String state) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        String location = PageClient.location(r);
        assertThat(location).startsWith(redirectUri + "?error=" + error + "&");
        Map<String, String> got = PageClient.params(location, false);
        assertThat(got).containsEntry("error", error).containsKey("error_description").doesNotContainKey("code");
        assertThat(got.get("state")).isEqualTo(state);
    }

    @Test
    void fullFlow_signInThenConsent_givesACode_whoseTokenReplyHoldsCredentialsThatWorkWithHawkAndBearer() throws Exception {
        PageClient browser = new PageClient(server);
        Pkce pkce = Pkce.create();
        Map<String, String> params = request("dash", DASH, "auth:current-scopes queue:get-task:proj/a secrets:get:x", pkce);
        String path = authorizePath(params);

        HttpResponse<String> first = browser.get(path);
        assertThat(first.statusCode()).isEqualTo(303);
        String signInPath = PageClient.location(first);
        assertThat(signInPath).startsWith("/login?next=");
        HttpResponse<String> consent = browser.signIn(signInPath, "local", "demo", "demo-password");
        assertThat(consent.statusCode()).as(consent.body()).isEqualTo(200);
        assertThat(consent.body()).contains("<strong>Task Dashboard</strong>").contains("<p class=\"origin\">https://dash.example</p>")
                .contains("<li>auth:current-scopes</li>").contains("<li>queue:get-task:proj/a</li>")
                .contains("which you do not hold").contains("<li>secrets:get:x</li>")
                .contains(CLOCK.instant().plus(Duration.ofHours(2)).toString().replace("Z", ".000Z"))
                .contains("value=\"allow\"").contains("value=\"deny\"");
        assertThat(consent.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("form-action 'self' https://dash.example;").contains("frame-ancestors 'none'");
        assertThat(PageClient.hidden(consent.body())).containsEntry("state", params.get("state"))
                .containsEntry("code_challenge", pkce.challenge()).containsKey("form_token");

        HttpResponse<String> back = browser.submit(consent, "/oauth/authorize", Map.of("decision", "allow"));
        assertThat(back.statusCode()).isEqualTo(303);
        Map<String, String> got = PageClient.params(PageClient.location(back), false);
        assertThat(got).containsOnlyKeys("code", "state").containsEntry("state", params.get("state"));
        assertThat(got.get("code")).hasSizeGreaterThanOrEqualTo(43);

        TestServer.Answer token = redeem(got.get("code"), "dash", DASH, pkce.verifier());
        assertThat(token.status()).as(token.raw().body()).isEqualTo(200);
        assertThat(token.raw().headers().firstValue("Cache-Control")).contains("no-store");
        JsonNode body = token.body();
        assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.get("expires_in").asLong()).isEqualTo(300);
        assertThat(body.get("scope").asText()).isEqualTo("auth:current-scopes queue:get-task:proj/a");
        String clientId = body.get("credentials").get("clientId").asText();
        assertThat(clientId).startsWith("local/demo/dash-");
        Instant expires = CLOCK.instant().plus(Duration.ofHours(2));
        assertThat(Instant.parse(body.get("expires").asText())).isEqualTo(expires);

        HawkSigner.Credentials creds = HawkSigner.Credentials.permanent(clientId, body.get("credentials").get("accessToken").asText());
        TestServer.Answer viaHawk = server.send("GET", "/api/auth/v1/scopes/current", null, creds);
        assertThat(viaHawk.status()).as(viaHawk.raw().body()).isEqualTo(200);
        assertThat(viaHawk.body().get("scopes").toString()).contains("auth:current-scopes").contains("queue:get-task:proj/a")
                .doesNotContain("secrets:get").doesNotContain("assume:login-identity");
        TestServer.Answer viaBearer = server.sendBearer("GET", "/api/auth/v1/scopes/current", null, body.get("access_token").asText());
        assertThat(viaBearer.status()).as(viaBearer.raw().body()).isEqualTo(200);
        assertThat(viaBearer.body().get("scopes").toString()).contains("queue:get-task:proj/a");

        JsonNode client = server.send("GET", clientPath(clientId), null, server.root()).body();
        assertThat(client.get("deleteOnExpiration").asBoolean()).isTrue();
        assertThat(Instant.parse(client.get("expires").asText())).isEqualTo(expires);
        assertThat(client.get("description").asText()).contains("Task Dashboard").contains("local/demo");
        assertThat(client.get("scopes").toString()).isEqualTo("[\"auth:current-scopes\",\"queue:get-task:proj/a\"]");
    }

    @Test
    void skipConsent_sendsASignedInPersonBackWithACodeAtOnce() throws Exception {
        PageClient browser = signedIn();
        Pkce pkce = Pkce.create();
        Map<String, String> params = request("trusted", TRUSTED, "auth:current-scopes", pkce);
        HttpResponse<String> r = browser.get(authorizePath(params));
        assertThat(r.statusCode()).isEqualTo(303);
        Map<String, String> got = PageClient.params(PageClient.location(r), false);
        assertThat(got).containsEntry("state", params.get("state"));
        TestServer.Answer token = redeem(got.get("code"), "trusted", TRUSTED, pkce.verifier());
        assertThat(token.status()).as(token.raw().body()).isEqualTo(200);
        assertThat(Instant.parse(token.body().get("expires").asText())).isEqualTo(CLOCK.instant().plus(Duration.ofHours(1)));

        // Signed out, even a skipConsent app must wait for the sign-in.
        HttpResponse<String> signedOut = new PageClient(server).get(authorizePath(request("trusted", TRUSTED, "auth:current-scopes",
                pkce)));
        assertThat(PageClient.location(signedOut)).startsWith("/login?next=");
    }

    /** Posts the code exchange as a browser page on {@code origin} would (fetch sends Origin). */
    private static java.net.http.HttpResponse<String> redeemFrom(String origin, String form) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(server.url("/oauth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", origin)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aRegisteredAppsPage_mayExchangeTheCodeAcrossOrigins_andNoOtherOriginMay() throws Exception {
        java.net.http.HttpResponse<Void> preflight = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(server.url("/oauth/token")).method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://dash.example").header("Access-Control-Request-Method", "POST").build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://dash.example");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).hasValue("POST");

        Pkce pkce = Pkce.create();
        Map<String, String> got = allow(signedIn(), request("dash", DASH, "auth:current-scopes", pkce));
        String form = "grant_type=authorization_code&code=" + enc(got.get("code")) + "&client_id=dash&redirect_uri=" + enc(DASH)
                + "&code_verifier=";
        java.net.http.HttpResponse<String> wrong = redeemFrom("https://dash.example", form + enc(Pkce.create().verifier()));
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.headers().firstValue("Access-Control-Allow-Origin")).as("the page may read why").hasValue("https://dash.example");

        Map<String, String> again = allow(signedIn(), request("dash", DASH, "auth:current-scopes", pkce));
        java.net.http.HttpResponse<String> ok = redeemFrom("https://dash.example", "grant_type=authorization_code&code="
                + enc(again.get("code")) + "&client_id=dash&redirect_uri=" + enc(DASH) + "&code_verifier=" + enc(pkce.verifier()));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(ok.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://dash.example");

        java.net.http.HttpResponse<String> evil = redeemFrom("https://evil.example", form + enc(pkce.verifier()));
        assertThat(evil.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(server.postToken("grant_type=client_credentials&client_id=x&client_secret=y", null).raw().headers()
                .firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void anotherGrantType_namesBothThatAreServed() throws Exception {
        assertOAuthError(server.postToken("grant_type=password&username=a&password=b", null), 400, "unsupported_grant_type",
                "use client_credentials, or authorization_code for registered apps");
    }

    @Test
    void wrongCodeVerifier_isInvalidGrant_andUsesTheCodeUp() throws Exception {
        Pkce pkce = Pkce.create();
        Map<String, String> got = allow(signedIn(), request("dash", DASH, "auth:current-scopes", pkce));
        assertOAuthError(redeem(got.get("code"), "dash", DASH, Pkce.create().verifier()), 400, "invalid_grant", "code_verifier");
        assertOAuthError(redeem(got.get("code"), "dash", DASH, pkce.verifier()), 400, "invalid_grant", "used before");
    }

    @Test
    void reusedCode_isInvalidGrant_andRevokesTheClientMadeFromIt() throws Exception {
        Pkce pkce = Pkce.create();
        Map<String, String> got = allow(signedIn(), request("dash", DASH, "auth:current-scopes", pkce));
        TestServer.Answer first = redeem(got.get("code"), "dash", DASH, pkce.verifier());
        assertThat(first.status()).isEqualTo(200);
        String clientId = first.body().get("credentials").get("clientId").asText();
        String accessToken = first.body().get("credentials").get("accessToken").asText();
        HawkSigner.Credentials creds = HawkSigner.Credentials.permanent(clientId, accessToken);
        assertThat(server.send("GET", "/api/auth/v1/scopes/current", null, creds).status()).isEqualTo(200);
        assertThat(server.send("GET", clientPath(clientId), null, server.root()).status()).isEqualTo(200);

        assertOAuthError(redeem(got.get("code"), "dash", DASH, pkce.verifier()), 400, "invalid_grant", "used before");
        assertThat(server.send("GET", clientPath(clientId), null, server.root()).status()).isEqualTo(404);
        assertThat(server.send("GET", "/api/auth/v1/scopes/current", null, creds).status()).isEqualTo(401);
        assertThat(server.sendBearer("GET", "/api/auth/v1/scopes/current", null, first.body().get("access_token").asText()).status())
                .isEqualTo(401);
    }

    @Test
    void expiredCode_isInvalidGrant() throws Exception {
        Pkce pkce = Pkce.create();
        Map<String, String> got = allow(signedIn(), request("dash", DASH, "auth:current-scopes", pkce));
        CLOCK.advance(Duration.ofSeconds(61));
        assertOAuthError(redeem(got.get("code"), "dash", DASH, pkce.verifier()), 400, "invalid_grant", "expired");
    }

    @Test
    void tokenRequestsThatDoNotMatchTheCode_areRefused() throws Exception {
        Pkce pkce = Pkce.create();
        PageClient browser = signedIn();
        Map<String, String> code1 = allow(browser, request("dash", DASH, "auth:current-scopes", pkce));
        assertOAuthError(redeem(code1.get("code"), "dash", "http://127.0.0.1:8400/cb?x=1", pkce.verifier()), 400, "invalid_grant",
                "redirect_uri");
        Map<String, String> code2 = allow(browser, request("dash", DASH, "auth:current-scopes", pkce));
        assertOAuthError(redeem(code2.get("code"), "trusted", DASH, pkce.verifier()), 400, "invalid_grant", "another client");
        assertOAuthError(redeem("no-such-code", "dash", DASH, pkce.verifier()), 400, "invalid_grant", "not valid");
        assertOAuthError(redeem("x", "unregistered", DASH, pkce.verifier()), 400, "unauthorized_client", "unregistered");
        assertOAuthError(server.postToken("grant_type=authorization_code&code=x&client_id=dash&redirect_uri=" + enc(DASH), null), 400,
                "invalid_request", "code_verifier");
        assertOAuthError(server.postToken("grant_type=authorization_code&code=x&client_id=dash&client_secret=s&redirect_uri=" + enc(DASH)
                + "&code_verifier=" + pkce.verifier(), null), 401, "invalid_client", "public clients");
    }

    @Test
    void redirectUriThatIsNotExactlyRegistered_orAnUnknownApp_getsAnErrorPage_neverARedirect() throws Exception {
        PageClient browser = signedIn();
        Pkce pkce = Pkce.create();
        for (String uri : List.of(DASH + "/", DASH + "?x=1", "https://DASH.example/callback", "https://evil.example/callback",
                "http://127.0.0.1:8401/cb?x=1")) {
            HttpResponse<String> r = browser.get(authorizePath(request("dash", uri, "auth:current-scopes", pkce)));
            assertThat(r.statusCode()).as(uri).isEqualTo(400);
            assertThat(r.headers().firstValue("Location")).as(uri).isEmpty();
            assertThat(r.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
            assertThat(r.body()).as(uri).contains("redirect_uri is not one registered for Task Dashboard");
        }
        Map<String, String> noRedirect = request("dash", DASH, "auth:current-scopes", pkce);
        noRedirect.remove("redirect_uri");
        assertThat(browser.get(authorizePath(noRedirect)).body()).contains("redirect_uri is missing");
        HttpResponse<String> unknown = browser.get(authorizePath(request("stranger", DASH, "auth:current-scopes", pkce)));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.headers().firstValue("Location")).isEmpty();
        assertThat(unknown.body()).contains("is not registered");
        HttpResponse<String> twice = browser.get(authorizePath(request("dash", DASH, "auth:current-scopes", pkce)) + "&redirect_uri="
                + enc(DASH));
        assertThat(twice.statusCode()).isEqualTo(400);
        assertThat(twice.headers().firstValue("Location")).isEmpty();
    }

    @Test
    void scopeBeyondTheRegistration_isInvalidScope_sentBackWithTheState() throws Exception {
        Pkce pkce = Pkce.create();
        Map<String, String> params = request("dash", DASH, "auth:current-scopes auth:delete-client:*", pkce);
        HttpResponse<String> r = signedIn().get(authorizePath(params));
        assertRedirectedError(r, DASH, "invalid_scope", params.get("state"));
        assertThat(PageClient.params(PageClient.location(r), false).get("error_description")).contains("auth:delete-client:*");

        // Refused before sign-in too: the app learns of its mistake without anyone signing in.
        Map<String, String> none = request("dash", DASH, "", pkce);
        assertRedirectedError(new PageClient(server).get(authorizePath(none)), DASH, "invalid_scope", none.get("state"));
    }

    @Test
    void deny_sendsAccessDenied_withTheState() throws Exception {
        PageClient browser = signedIn();
        Map<String, String> params = request("dash", "http://127.0.0.1:8400/cb?x=1", "auth:current-scopes", Pkce.create());
        Map<String, String> form = PageClient.hidden(browser.get(authorizePath(params)).body());
        form.put("decision", "deny");
        HttpResponse<String> r = browser.post("/oauth/authorize", form);
        assertThat(r.statusCode()).isEqualTo(303);
        String location = PageClient.location(r);
        assertThat(location).startsWith("http://127.0.0.1:8400/cb?x=1&error=access_denied&");
        assertThat(PageClient.params(location, false)).containsEntry("x", "1").containsEntry("state", params.get("state"))
                .doesNotContainKey("code");
    }

    @Test
    void unsupportedResponseType_isSentBack() throws Exception {
        Map<String, String> params = request("dash", DASH, "auth:current-scopes", Pkce.create());
        params.put("response_type", "token");
        assertRedirectedError(signedIn().get(authorizePath(params)), DASH, "unsupported_response_type", params.get("state"));
    }

    @Test
    void plainPkce_orNone_isRefused() throws Exception {
        PageClient browser = signedIn();
        Map<String, String> plain = request("dash", DASH, "auth:current-scopes", Pkce.create());
        plain.put("code_challenge", "a-plain-verifier-that-is-long-enough-to-pass-43-chars");
        plain.put("code_challenge_method", "plain");
        HttpResponse<String> r = browser.get(authorizePath(plain));
        assertRedirectedError(r, DASH, "invalid_request", plain.get("state"));
        assertThat(PageClient.params(PageClient.location(r), false).get("error_description")).contains("S256");

        Map<String, String> noMethod = request("dash", DASH, "auth:current-scopes", Pkce.create());
        noMethod.remove("code_challenge_method");
        assertRedirectedError(browser.get(authorizePath(noMethod)), DASH, "invalid_request", noMethod.get("state"));
        Map<String, String> noChallenge = request("dash", DASH, "auth:current-scopes", Pkce.create());
        noChallenge.remove("code_challenge");
        noChallenge.remove("code_challenge_method");
        assertRedirectedError(browser.get(authorizePath(noChallenge)), DASH, "invalid_request", noChallenge.get("state"));
    }

    @Test
    void consentFormWithoutItsFormToken_isRefused() throws Exception {
        PageClient browser = signedIn();
        Map<String, String> form = PageClient.hidden(browser.get(authorizePath(request("dash", DASH, "auth:current-scopes",
                Pkce.create()))).body());
        form.remove("form_token");
        form.put("decision", "allow");
        HttpResponse<String> r = browser.post("/oauth/authorize", form);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("Location")).isEmpty();
        assertThat(r.body()).contains("did not come from your own consent page").doesNotContain("code=");
    }

    @Test
    void metadata_advertisesTheAuthorizationEndpoint_andS256() throws Exception {
        JsonNode m = server.sendBearer("GET", "/.well-known/oauth-authorization-server", null, null).body();
        assertThat(m.get("authorization_endpoint").asText()).isEqualTo(server.taskgate.publicUrl() + "/oauth/authorize");
        assertThat(m.get("response_types_supported").toString()).isEqualTo("[\"code\"]");
        assertThat(m.get("grant_types_supported").toString()).isEqualTo("[\"client_credentials\",\"authorization_code\"]");
        assertThat(m.get("code_challenge_methods_supported").toString()).isEqualTo("[\"S256\"]");
        assertThat(m.get("token_endpoint_auth_methods_supported").toString()).contains("\"none\"");
        assertThat(com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata.parse(m.toString()).getAuthorizationEndpointURI().toString())
                .isEqualTo(server.taskgate.publicUrl() + "/oauth/authorize");
    }
}
