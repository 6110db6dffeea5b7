package io.taskgate.server.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.taskgate.hawk.HawkSigner;
import io.taskgate.hawk.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The token endpoint over real HTTP, from the seed's curl lines to every RFC 6749 error. */
class TokenEndpointApiTest {

    private static final String TASKLIST = "static/tasklist";
    private static final String TASKLIST_SECRET = "tasklist-client-secret-cccccccccccccccccccccc";
    private static final String IDLE = "static/idle";
    private static final String IDLE_SECRET = "idle-client-secret-dddddddddddddddddddddddddd";

    @TempDir
    static Path dir;
    private static final MutableClock CLOCK = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(dir, Map.of("TASKGATE_STATIC_CLIENTS",
                "[{\"clientId\":\"" + TASKLIST + "\",\"accessToken\":\"" + TASKLIST_SECRET + "\",\"scopes\":[\"auth:current-scopes\",\"auth:list-clients\"]},"
                        + "{\"clientId\":\"" + IDLE + "\",\"accessToken\":\"" + IDLE_SECRET + "\",\"scopes\":[]}]",
                "TASKGATE_TOKEN_AUDIENCES", "tasklist-api, tasklist.camunda.io"), CLOCK);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String url(String path) {
        return server.taskgate.publicUrl() + path;
    }

    /** Runs curl as a user would; returns what it printed. */
    private static String curl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("curl", "-sS"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out.toString(StandardCharsets.UTF_8)).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void assertKeycloakShaped(JsonNode body, String scope) {
        assertThat(body.get("access_token").asText()).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
        assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.get("expires_in").asInt()).isEqualTo(300);
        assertThat(body.get("refresh_expires_in").asInt()).isZero();
        assertThat(body.get("not-before-policy").asInt()).isZero();
        assertThat(body.get("scope").asText()).isEqualTo(scope);
    }

    @Test
    void seedLines_jsonTokenRequest_formTokenRequestWithAudience_thenBearer_verbatimWithCurl() throws Exception {
        // Camunda SaaS's JSON line.
        String json = curl("-X", "POST", "-H", "Content-Type: application/json", "-d",
                "{\"client_id\":\"" + TASKLIST + "\", \"client_secret\":\"" + TASKLIST_SECRET
                        + "\",\"audience\":\"tasklist.camunda.io\",\"grant_type\":\"client_credentials\"}",
                url("/oauth/token"));
        JsonNode fromJson = TestServer.JSON.readTree(json);
        assertKeycloakShaped(fromJson, "assume:client:" + TASKLIST);
        assertThat(SignedJWT.parse(fromJson.get("access_token").asText()).getJWTClaimsSet().getAudience())
                .containsExactly("tasklist.camunda.io");

        // Camunda Self-Managed's form line, with audience.
        String form = curl("--location", "--request", "POST", url("/oauth/token"),
                "--header", "Content-Type: application/x-www-form-urlencoded",
                "--data-urlencode", "client_id=" + TASKLIST,
                "--data-urlencode", "client_secret=" + TASKLIST_SECRET,
                "--data-urlencode", "grant_type=client_credentials",
                "--data-urlencode", "audience=tasklist-api");
        JsonNode fromForm = TestServer.JSON.readTree(form);
        assertKeycloakShaped(fromForm, "assume:client:" + TASKLIST);

        // The token then passes authentication (the Tasklist API itself comes later; an auth endpoint stands in).
        String scopes = curl("-H", "Authorization: Bearer " + fromForm.get("access_token").asText(),
                url("/api/auth/v1/scopes/current"));
        assertThat(TestServer.JSON.readTree(scopes).get("scopes").toString())
                .isEqualTo("[\"assume:anonymous\",\"auth:current-scopes\",\"auth:list-clients\"]");
    }

    @Test
    void token_isAnAtJwt_withTheSpecsClaims_signedByAPublishedKey() throws Exception {
        TestServer.Answer a = server.postToken("grant_type=client_credentials", basic(TASKLIST, TASKLIST_SECRET));
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.raw().headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(a.raw().headers().firstValue("Pragma")).contains("no-cache");
        SignedJWT jwt = SignedJWT.parse(a.body().get("access_token").asText());
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(jwt.getHeader().getType().getType()).isEqualTo("at+jwt");
        JsonNode jwks = server.sendBearer("GET", "/oauth/jwks", null, null).body();
        assertThat(jwks.get("keys").findValuesAsText("kid")).contains(jwt.getHeader().getKeyID());
        assertThat(jwks.toString()).doesNotContain("\"d\"");
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(server.taskgate.publicUrl());
        assertThat(claims.getSubject()).isEqualTo(TASKLIST);
        assertThat(claims.getStringClaim("client_id")).isEqualTo(TASKLIST);
        assertThat(claims.getStringClaim("azp")).isEqualTo(TASKLIST);
        assertThat(claims.getAudience()).containsExactly("tasklist-api");
        assertThat(claims.getIssueTime().toInstant()).isEqualTo(CLOCK.instant());
        assertThat(claims.getNotBeforeTime()).isEqualTo(claims.getIssueTime());
        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(CLOCK.instant().plusSeconds(300));
        assertThat(claims.getJWTID()).hasSizeGreaterThanOrEqualTo(22);
        assertThat(claims.getStringClaim("scope")).isEqualTo("assume:client:" + TASKLIST);
    }

    @Test
    void discovery_atBothWellKnownPaths_namesTheEndpoints() throws Exception {
        for (String path : List.of("/.well-known/openid-configuration", "/.well-known/oauth-authorization-server")) {
            JsonNode m = server.sendBearer("GET", path, null, null).body();
            assertThat(m.get("issuer").asText()).isEqualTo(server.taskgate.publicUrl());
            assertThat(m.get("token_endpoint").asText()).isEqualTo(url("/oauth/token"));
            assertThat(m.get("jwks_uri").asText()).isEqualTo(url("/oauth/jwks"));
            assertThat(m.get("grant_types_supported").toString()).isEqualTo("[\"client_credentials\"]");
            assertThat(m.get("token_endpoint_auth_methods_supported").toString())
                    .isEqualTo("[\"client_secret_basic\",\"client_secret_post\"]");
            // Nimbus's parsers, as Spring Security uses them, accept it as OIDC and as RFC 8414 metadata.
            assertThat(com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata.parse(m.toString()).getJWKSetURI().toString())
                    .isEqualTo(url("/oauth/jwks"));
            assertThat(com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata.parse(m.toString()).getTokenEndpointURI().toString())
                    .isEqualTo(url("/oauth/token"));
        }
    }

    @Test
    void scope_restrictsTheToken_andIsCheckedAgainstWhatTheClientHolds() throws Exception {
        TestServer.Answer narrow = server.postToken("grant_type=client_credentials&scope=auth:current-scopes", basic(TASKLIST, TASKLIST_SECRET));
        assertThat(narrow.body().get("scope").asText()).isEqualTo("auth:current-scopes");
        String token = narrow.body().get("access_token").asText();
        assertThat(server.sendBearer("GET", "/api/auth/v1/scopes/current", null, token).body().get("scopes").toString())
                .isEqualTo("[\"assume:anonymous\",\"auth:current-scopes\"]");
        assertThat(server.sendBearer("GET", "/api/auth/v1/clients/", null, token).status()).isEqualTo(403);

        TestServer.Answer tooMuch = server.postToken("grant_type=client_credentials&scope=auth:current-scopes%20auth:delete-client:x",
                basic(TASKLIST, TASKLIST_SECRET));
        assertOAuthError(tooMuch, 400, "invalid_scope");
        assertThat(tooMuch.body().get("error_description").asText()).contains("auth:delete-client:x").doesNotContain("auth:current-scopes ");

        TestServer.Answer entra = server.postToken("grant_type=client_credentials&scope=api://tasklist/.default", basic(TASKLIST, TASKLIST_SECRET));
        assertThat(entra.body().get("scope").asText()).isEqualTo("assume:client:" + TASKLIST);
    }

    @Test
    void everyClientFailure_isTheSameInvalidClient_withABasicChallengeOnlyForBasic() throws Exception {
        List<TestServer.Answer> failures = List.of(
                server.postToken(post(TASKLIST, "wrong-secret"), null),
                server.postToken(post("static/no-such-client", TASKLIST_SECRET), null),
                server.postToken(post(IDLE, TASKLIST_SECRET), null));
        for (TestServer.Answer a : failures) {
            assertOAuthError(a, 401, "invalid_client");
            assertThat(a.raw().body()).isEqualTo(failures.get(0).raw().body());
            assertThat(a.raw().headers().firstValue("WWW-Authenticate")).isEmpty();
        }
        TestServer.Answer viaBasic = server.postToken("grant_type=client_credentials", basic(TASKLIST, "wrong-secret"));
        assertOAuthError(viaBasic, 401, "invalid_client");
        assertThat(viaBasic.raw().headers().firstValue("WWW-Authenticate")).contains("Basic realm=\"taskgate\"");
        assertThat(viaBasic.raw().body()).isEqualTo(failures.get(0).raw().body());
        assertOAuthError(server.postToken("grant_type=client_credentials", null), 401, "invalid_client", "Missing client authentication");
    }

    @Test
    void malformedRequests_getTheRfc6749Error_thatNamesTheProblem() throws Exception {
        assertOAuthError(server.postToken("client_id=x&client_secret=y", null), 400, "invalid_request", "grant_type");
        assertOAuthError(server.postToken("grant_type=password&username=a&password=b", basic(TASKLIST, TASKLIST_SECRET)), 400,
                "unsupported_grant_type", "password");
        assertOAuthError(server.postToken(post(TASKLIST, TASKLIST_SECRET), basic(TASKLIST, TASKLIST_SECRET)), 400, "invalid_request");
        assertOAuthError(server.postToken(post(TASKLIST, TASKLIST_SECRET) + "&audience=elsewhere", null), 400, "invalid_target",
                "elsewhere");
        assertOAuthError(server.postToken(post(TASKLIST, TASKLIST_SECRET) + "&scope=bad%0Ascope", null), 400, "invalid_scope");
        assertOAuthError(json("{\"grant_type\":\"client_credentials\",\"client_id\":7}"), 400, "invalid_request", "'client_id' must be a string");
        assertOAuthError(json("{\"grant_type\":"), 400, "invalid_request", "not valid JSON");
        assertOAuthError(json("[]"), 400, "invalid_request", "JSON object");
        TestServer.Answer plain = send("POST", "/oauth/token", "text/plain", "grant_type=client_credentials");
        assertOAuthError(plain, 400, "invalid_request", "Content-Type");
        TestServer.Answer huge = send("POST", "/oauth/token", "application/x-www-form-urlencoded",
                "grant_type=client_credentials&x=" + "a".repeat(1024 * 1024));
        assertOAuthError(huge, 413, "invalid_request", "larger than");
    }

    @Test
    void aTokenNeverOutlivesItsClient_andStopsWorkingWhenTheClientIsDisabled() throws Exception {
        String clientId = "project/short-lived";
        Instant expires = CLOCK.instant().plusSeconds(100);
        TestServer.Answer created = server.send("PUT", "/api/auth/v1/clients/project%2Fshort-lived",
                Map.of("description", "d", "expires", expires.toString(), "scopes", List.of("auth:current-scopes")), root());
        assertThat(created.status()).as(created.raw().body()).isEqualTo(200);
        String secret = created.body().get("accessToken").asText();
        TestServer.Answer token = server.postToken(post(clientId, secret), null);
        assertThat(token.body().get("expires_in").asInt()).isEqualTo(100);
        String jwt = token.body().get("access_token").asText();
        assertThat(SignedJWT.parse(jwt).getJWTClaimsSet().getExpirationTime().toInstant()).isEqualTo(expires);
        assertThat(server.sendBearer("GET", "/api/auth/v1/scopes/current", null, jwt).status()).isEqualTo(200);

        assertThat(server.send("POST", "/api/auth/v1/clients/project%2Fshort-lived/disable", "{}", root()).status()).isEqualTo(200);
        TestServer.Answer disabled = server.sendBearer("GET", "/api/auth/v1/scopes/current", null, jwt);
        assertThat(disabled.status()).isEqualTo(401);
        assertThat(disabled.raw().headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Bearer error=\"invalid_token\"");
        assertThat(disabled.body().get("message").asText()).isEqualTo("Client with clientId '" + clientId + "' is disabled");
    }

    @Test
    void expiry_allowsUnderSixtySecondsOfLeeway_onFirstUse_andFromTheCache() throws Exception {
        String cached = server.accessToken(TASKLIST, TASKLIST_SECRET, "");
        assertThat(server.sendBearer("GET", "/api/auth/v1/scopes/current", null, cached).status()).isEqualTo(200);
        String fresh = server.accessToken(TASKLIST, TASKLIST_SECRET, "&scope=auth:current-scopes");
        Instant start = CLOCK.instant();
        try {
            CLOCK.set(start.plus(Duration.ofSeconds(300 + 59)));
            assertThat(server.sendBearer("GET", "/api/auth/v1/scopes/current", null, cached).status()).isEqualTo(200);
            assertThat(server.sendBearer("GET", "/api/auth/v1/scopes/current", null, fresh).status()).isEqualTo(200);
            CLOCK.set(start.plus(Duration.ofSeconds(300 + 60)));
            for (String token : List.of(cached, fresh)) {
                TestServer.Answer late = server.sendBearer("GET", "/api/auth/v1/scopes/current", null, token);
                assertThat(late.status()).isEqualTo(401);
                assertThat(late.raw().headers().firstValue("WWW-Authenticate").orElseThrow())
                        .isEqualTo("Bearer error=\"invalid_token\", error_description=\"Expired JWT\"");
            }
        } finally {
            CLOCK.set(start);
        }
    }

    @Test
    void resettingTheAccessToken_refusesTokensIssuedBefore() throws Exception {
        TestServer.Answer created = server.send("PUT", "/api/auth/v1/clients/project%2Freset-me",
                Map.of("description", "d", "expires", CLOCK.instant().plusSeconds(3600).toString(), "scopes", List.of("auth:current-scopes")),
                root());
        String secret = created.body().get("accessToken").asText();
        String before = server.accessToken("project/reset-me", secret, "");
        assertThat(server.sendBearer("GET", "/api/auth/v1/scopes/current", null, before).status()).isEqualTo(200);
        CLOCK.advance(Duration.ofSeconds(1));
        String reset = server.send("POST", "/api/auth/v1/clients/project%2Freset-me/reset", "{}", root()).body().get("accessToken").asText();
        TestServer.Answer refused = server.sendBearer("GET", "/api/auth/v1/scopes/current", null, before);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.body().get("message").asText()).isEqualTo("The client's accessToken was reset after this token was issued");
        assertOAuthError(server.postToken(post("project/reset-me", secret), null), 401, "invalid_client");
        String after = server.accessToken("project/reset-me", reset, "");
        assertThat(server.sendBearer("GET", "/api/auth/v1/scopes/current", null, after).status()).isEqualTo(200);
    }

    @Test
    void aClientWithNoScopes_getsATokenThatAuthenticates_butIsForbidden() throws Exception {
        String token = server.accessToken(IDLE, IDLE_SECRET, "");
        TestServer.Answer a = server.sendBearer("GET", "/api/auth/v1/scopes/current", null, token);
        assertThat(a.status()).isEqualTo(403);
        assertThat(a.body().get("code").asText()).isEqualTo("InsufficientScopes");
    }

    private static HawkSigner.Credentials root() {
        return server.root();
    }

    private static String basic(String clientId, String secret) {
        String pair = java.net.URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":" + java.net.URLEncoder.encode(secret, StandardCharsets.UTF_8);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private static String post(String clientId, String secret) {
        return "grant_type=client_credentials&client_id=" + java.net.URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                + "&client_secret=" + java.net.URLEncoder.encode(secret, StandardCharsets.UTF_8);
    }

    private static TestServer.Answer json(String body) throws Exception {
        return send("POST", "/oauth/token", "application/json", body);
    }

    private static TestServer.Answer send(String method, String path, String contentType, String body) throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(server.url(path)).header("Content-Type", contentType)
                        .method(method, java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        return new TestServer.Answer(r.statusCode(), TestServer.JSON.readTree(r.body()), r);
    }

    private static void assertOAuthError(TestServer.Answer a, int status, String error, String... mentions) {
        assertThat(a.status()).as(a.raw().body()).isEqualTo(status);
        assertThat(a.body().get("error").asText()).isEqualTo(error);
        assertThat(a.body().has("error_description")).isTrue();
        for (String m : mentions) {
            assertThat(a.body().get("error_description").asText()).contains(m);
        }
        assertThat(a.raw().body()).doesNotContain(TASKLIST_SECRET).doesNotContain("Exception");
        assertThat(a.raw().headers().firstValue("Cache-Control")).contains("no-store");
    }
}
