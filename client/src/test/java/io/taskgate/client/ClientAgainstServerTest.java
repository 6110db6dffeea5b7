package io.taskgate.client;

import io.taskgate.hawk.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskgate.hawk.HawkAuthenticator;
import io.taskgate.hawk.HawkSigner;
import io.taskgate.scopes.ScopeExpression;
import io.taskgate.server.app.Config;
import io.taskgate.server.app.Taskgate;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java client against a real server on loopback. */
class ClientAgainstServerTest {

    @TempDir
    static Path dir;

    private static Taskgate server;
    private static String rootUrl;
    private static Credentials root;

    @BeforeAll
    static void start() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        server = Taskgate.start(Config.of("127.0.0.1", 0, dir, Map.of()), Clock.systemUTC(), new PrintStream(out, true, StandardCharsets.UTF_8));
        Matcher m = Pattern.compile("shown only this once:\\n  (\\S+)").matcher(out.toString(StandardCharsets.UTF_8));
        assertThat(m.find()).isTrue();
        root = Credentials.permanent("static/taskgate/root", m.group(1));
        rootUrl = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static AuthClient as(Credentials c) {
        return new AuthClient(rootUrl, Optional.of(c));
    }

    @Test
    void tokenSource_getsTokensFromTheServer_thatAuthenticate_andRefreshesBeforeExpiry() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        TokenSource tokens = new TokenSource(rootUrl, root.clientId(), root.accessToken(), Optional.of("tasklist-api"), List.of(), clock);
        String first = tokens.accessToken();
        assertThat(bearerStatus(tokens.authorizationHeader())).isEqualTo(200);
        assertThat(tokens.accessToken()).isSameAs(first);
        clock.advance(Duration.ofSeconds(239)); // 300 s tokens are refreshed 60 s before they expire
        assertThat(tokens.accessToken()).isSameAs(first);
        clock.advance(Duration.ofSeconds(1));
        String second = tokens.accessToken();
        assertThat(second).isNotEqualTo(first);
        assertThat(bearerStatus("Bearer " + second)).isEqualTo(200);

        TokenSource wrong = new TokenSource(rootUrl, root.clientId(), "not-the-secret", Optional.empty(), List.of(), clock);
        TaskgateException refused = org.junit.jupiter.api.Assertions.assertThrows(TaskgateException.class, wrong::accessToken);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.code()).isEqualTo("invalid_client");
    }

    private static int bearerStatus(String authorization) throws Exception {
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(rootUrl + "/api/auth/v1/scopes/current"))
                .header("Authorization", authorization).build();
        return java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void clientsAndRoles_roundTrip_andErrorsCarryTheirCode() {
        AuthClient auth = as(root);
        assertThat(auth.ping().get("alive").asBoolean()).isTrue();
        auth.createRole("project:java", "from the Java client", List.of("auth:current-scopes", "queue:create-task:highest:java/*"));
        JsonNode made = auth.createClient("project/javart/bot", Instant.now().plus(Duration.ofDays(1)), "bot", List.of("assume:project:java"), false);
        Credentials bot = Credentials.permanent("project/javart/bot", made.get("accessToken").asText());
        assertThat(as(bot).currentScopes().get("scopes").toString()).contains("queue:create-task:highest:java/*");
        assertThat(auth.listClients(Optional.of("project/javart/"), Optional.empty(), Optional.of(10)).get("clients")).hasSize(1);
        assertThat(auth.listAuditHistory("project/javart/bot", Optional.empty(), Optional.empty()).get("auditHistory")).hasSize(1);
        assertThat(auth.expandScopes(List.of("assume:project:java")).get("scopes")).hasSize(3);

        TaskgateException denied = org.junit.jupiter.api.Assertions.assertThrows(TaskgateException.class, () -> as(bot).listRoles());
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.code()).isEqualTo("InsufficientScopes");

        auth.disableClient("project/javart/bot");
        assertThatThrownBy(() -> as(bot).currentScopes()).isInstanceOfSatisfying(TaskgateException.class,
                e -> assertThat(e.status()).isEqualTo(401));
        auth.enableClient("project/javart/bot");
        String fresh = auth.resetAccessToken("project/javart/bot").get("accessToken").asText();
        assertThat(as(Credentials.permanent("project/javart/bot", fresh)).currentScopes().get("scopes")).isNotEmpty();
        auth.deleteClient("project/javart/bot");
        auth.deleteRole("project:java");
        assertThatThrownBy(() -> auth.role("project:java")).isInstanceOfSatisfying(TaskgateException.class,
                e -> assertThat(e.code()).isEqualTo("ResourceNotFound"));
    }

    @Test
    void temporaryCredentials_areMadeOffline_andCannotMakeMore() {
        Credentials temp = root.createTemporaryCredentials(Optional.empty(), List.of("auth:current-scopes"), Instant.now(),
                Instant.now().plus(Duration.ofHours(1)));
        assertThat(as(temp).currentScopes().get("scopes").toString()).isEqualTo("[\"assume:anonymous\",\"auth:current-scopes\"]");
        assertThatThrownBy(() -> temp.createTemporaryCredentials(Optional.empty(), List.of(), Instant.now(), Instant.now().plusSeconds(60)))
                .isInstanceOf(IllegalStateException.class);
        assertThat(temp.toString()).doesNotContain(temp.accessToken());
        assertThat(Credentials.fromEnvironment(Map.of("TASKCLUSTER_CLIENT_ID", "a", "TASKCLUSTER_ACCESS_TOKEN", "b",
                "TASKCLUSTER_CERTIFICATE", "{}")).get().isTemporary()).isTrue();
        assertThat(Credentials.fromEnvironment(Map.of())).isEmpty();
    }

    @Test
    void authorizedScopes_andSignedUrls() throws Exception {
        AuthClient narrowed = new AuthClient(rootUrl, Optional.of(root), Optional.of(List.of("auth:current-scopes")), Clock.systemUTC());
        assertThat(narrowed.currentScopes().get("scopes").toString()).isEqualTo("[\"assume:anonymous\",\"auth:current-scopes\"]");
        URI url = as(root).currentScopesSignedUrl(Duration.ofMinutes(5));
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
    }

    @Test
    void testAuthenticate_withTheTestClient() {
        AuthClient tester = as(Credentials.permanent("tester", "no-secret"));
        assertThat(tester.testAuthenticate(List.of("test:*"), List.of("test:x")).get("clientId").asText()).isEqualTo("tester");
        assertThat(tester.testAuthenticateGet().get("scopes").toString()).contains("test:*");
    }

    @Test
    void remoteValidator_checksCredentialsPayloadAndScopes_andReadsIdentitiesLiterally() {
        AuthClient auth = as(root);
        JsonNode made = auth.createClient("project/java/user", Instant.now().plus(Duration.ofDays(1)), "a user's client",
                List.of("assume:login-identity:github/7|alice", "backend:read:*"), false);
        HawkSigner signer = new HawkSigner(Clock.systemUTC(), new SecureRandom());
        HawkSigner.Credentials user = HawkSigner.Credentials.permanent("project/java/user", made.get("accessToken").asText());
        URI backend = URI.create("https://backend.example.com/things/1?full=yes");
        byte[] body = "{\"name\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        RemoteHawkValidator validator = new RemoteHawkValidator(rootUrl);

        String header = signer.header(user, "POST", backend, Optional.of(new HawkAuthenticator.Payload("application/json", body)));
        RemoteHawkValidator.Caller caller = validator.validate("POST", "/things/1?full=yes", "backend.example.com", 443,
                Optional.of(header), body, "application/json", new ScopeExpression.Scope("backend:read:things"));
        assertThat(caller.identities().loginIdentities()).containsExactly("github/7|alice");
        assertThat(caller.clientId()).contains("project/java/user");

        String another = signer.header(user, "POST", backend, Optional.of(new HawkAuthenticator.Payload("application/json", body)));
        assertThatThrownBy(() -> validator.validate("POST", "/things/1?full=yes", "backend.example.com", 443, Optional.of(another),
                "{\"name\":\"y\"}".getBytes(StandardCharsets.UTF_8), "application/json", ScopeExpression.allOf()))
                .isInstanceOfSatisfying(RemoteHawkValidator.Refused.class, e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.getMessage()).isEqualTo("Unauthorized: Bad payload hash");
                });

        String third = signer.header(user, "GET", backend, Optional.empty());
        assertThatThrownBy(() -> validator.validate("GET", "/things/1?full=yes", "backend.example.com", 443, Optional.of(third),
                new byte[0], "", new ScopeExpression.Scope("backend:write:things")))
                .isInstanceOfSatisfying(RemoteHawkValidator.Refused.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.unsatisfied().get().toJson()).isEqualTo("\"backend:write:things\"");
                });

        RemoteHawkValidator.Caller nobody = validator.validate("GET", "/public", "backend.example.com", 443, Optional.empty(),
                new byte[0], "", ScopeExpression.allOf());
        assertThat(nobody.clientId()).isEmpty();
        assertThatThrownBy(() -> validator.validate("GET", "/private", "backend.example.com", 443, Optional.empty(), new byte[0], "",
                new ScopeExpression.Scope("backend:read:x"))).isInstanceOfSatisfying(RemoteHawkValidator.Refused.class,
                e -> assertThat(e.status()).isEqualTo(401));
    }

    @Test
    void pathSegments_areEncodedAsEncodeURIComponentDoes() {
        assertThat(AuthClient.segment("project/a b!'()~*")).isEqualTo("project%2Fa%20b!'()~*");
    }
}
