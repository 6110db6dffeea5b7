package io.taskgate.server.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskgate.hawk.HawkAuthenticator;
import io.taskgate.hawk.HawkSigner;
import io.taskgate.server.http.Route;
import io.taskgate.server.identity.Audit;
import io.taskgate.server.identity.JdbcRoleStore;
import io.taskgate.server.identity.StoredRole;
import io.taskgate.server.store.Database;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The auth service over real HTTP on loopback, against a server started with its embedded store. */
class AuthApiTest {

    private static final ObjectMapper JSON = TestServer.JSON;
    private static final String WEAK_TOKEN = "weak-client-token-aaaaaaaaaaaaaaaaaaaaaaaaa";
    private static final String READER_TOKEN = "reader-client-token-bbbbbbbbbbbbbbbbbbbbbbbb";
    private static final HawkSigner SIGNER = new HawkSigner(Clock.systemUTC(), new SecureRandom());

    @TempDir
    static Path dir;

    private static TestServer server;
    private static String rootToken;
    private static String console;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(dir, "[{\"clientId\":\"static/weak\",\"accessToken\":\"" + WEAK_TOKEN + "\",\"scopes\":[]},"
                + "{\"clientId\":\"static/reader\",\"accessToken\":\"" + READER_TOKEN
                + "\",\"scopes\":[\"auth:current-scopes\",\"assume:team\"]}]");
        console = server.console;
        rootToken = server.rootToken;
        assertThat(rootToken).as(console).isNotNull();
        try (Database db = Database.sqlite(dir.resolve("taskgate.db"))) {
            new JdbcRoleStore(db).create(new StoredRole("team", List.of("queue:create-task:highest:team/*"), "", Instant.now(),
                    Instant.now()), Audit.ofRole("team", "test", "created", Instant.now()));
        }
        server.taskgate.reloadIdentities();
        SessionsApiTest.addUser(dir, "weak-user", "weak-user-password");
        server.taskgate.reloadUsers();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static URI url(String path) {
        return server.url(path);
    }

    private static TestServer.Answer send(String method, String path, String body, HawkSigner.Credentials creds) throws Exception {
        return server.send(method, path, body, creds);
    }

    private static HawkSigner.Credentials root() {
        return server.root();
    }

    private static HawkSigner.Credentials weak() {
        return HawkSigner.Credentials.permanent("static/weak", WEAK_TOKEN);
    }

    @Test
    void ping_andHealth_answerWithoutCredentials() throws Exception {
        TestServer.Answer ping = send("GET", "/api/auth/v1/ping", null, null);
        assertThat(ping.status()).isEqualTo(200);
        assertThat(ping.body().get("alive").asBoolean()).isTrue();
        assertThat(send("GET", "/__heartbeat__", null, null).status()).isEqualTo(200);
        assertThat(send("GET", "/__lbheartbeat__", null, null).status()).isEqualTo(200);
        assertThat(send("GET", "/__version__", null, null).body().get("name").asText()).isEqualTo("taskgate");
    }

    @Test
    void rootToken_isPrintedOnce_andWorks() throws Exception {
        assertThat(console).containsOnlyOnce(rootToken);
        TestServer.Answer current = send("GET", "/api/auth/v1/scopes/current", null, root());
        assertThat(current.status()).isEqualTo(200);
        assertThat(current.body().get("scopes")).containsExactly(JSON.getNodeFactory().textNode("*"));
    }

    @Test
    void currentScopes_areExpandedThroughRoles_withAnonymous() throws Exception {
        TestServer.Answer current = send("GET", "/api/auth/v1/scopes/current", null, HawkSigner.Credentials.permanent("static/reader", READER_TOKEN));
        assertThat(current.body().get("scopes").toString())
                .isEqualTo("[\"assume:anonymous\",\"assume:team\",\"auth:current-scopes\",\"queue:create-task:highest:team/*\"]");
    }

    @Test
    void noCredentials_is401_badCredentials_is401_tooFewScopes_is403() throws Exception {
        TestServer.Answer anonymous = send("GET", "/api/auth/v1/scopes/current", null, null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.raw().headers().allValues("WWW-Authenticate")).containsExactly("hawk", "Bearer realm=\"taskgate\"");
        assertThat(anonymous.body().get("code").asText()).isEqualTo("AuthenticationFailed");
        assertThat(anonymous.body().get("requestInfo").get("method").asText()).isEqualTo("currentScopes");

        TestServer.Answer badMac = send("GET", "/api/auth/v1/scopes/current", null, HawkSigner.Credentials.permanent("static/weak", rootToken));
        assertThat(badMac.status()).isEqualTo(401);
        assertThat(badMac.body().get("message").asText()).isEqualTo("Unauthorized: Bad mac");

        TestServer.Answer weak = send("GET", "/api/auth/v1/scopes/current", null, weak());
        assertThat(weak.status()).isEqualTo(403);
        assertThat(weak.body().get("code").asText()).isEqualTo("InsufficientScopes");
        assertThat(weak.body().get("details").get("required").asText()).isEqualTo("auth:current-scopes");
        assertThat(weak.body().get("details").get("unsatisfied").asText()).isEqualTo("auth:current-scopes");
    }

    @Test
    void everyProtectedRoute_answers401WithoutCredentials_and403WithTooFewScopes_inOneFormat() throws Exception {
        int checked = 0;
        String weakBearer = server.accessToken("static/weak", WEAK_TOKEN, "");
        String[] weakSession = server.login("weak-user", "weak-user-password");
        for (Route route : server.taskgate.routes()) {
            if (route.scopes().isEmpty()) {
                continue;
            }
            String path = route.path().replaceAll("<[^>]+>", "x");
            String body = route.method().equals("GET") ? null : "{}";
            TestServer.Answer none = send(route.method(), path, body, null);
            assertThat(none.status()).as(route.name()).isEqualTo(401);
            assertThat(none.body().get("code").asText()).isEqualTo("AuthenticationFailed");
            assertThat(none.raw().headers().firstValue("WWW-Authenticate")).contains("hawk");
            TestServer.Answer few = send(route.method(), path, body, weak());
            assertThat(few.status()).as(route.name()).isEqualTo(403);
            assertThat(few.body().get("code").asText()).isEqualTo("InsufficientScopes");
            assertThat(few.body().get("details").has("unsatisfied")).isTrue();
            assertThat(few.body().get("requestInfo").get("method").asText()).isEqualTo(route.name());
            TestServer.Answer badBearer = server.sendBearer(route.method(), path, body, "not.a.token");
            assertThat(badBearer.status()).as(route.name()).isEqualTo(401);
            assertThat(badBearer.body().get("code").asText()).isEqualTo("AuthenticationFailed");
            assertThat(badBearer.raw().headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Bearer error=\"invalid_token\"");
            TestServer.Answer badBasic = server.sendAuthorization(route.method(), path, body, "Basic not-base64!");
            assertThat(badBasic.status()).as(route.name()).isEqualTo(401);
            assertThat(badBasic.body().get("code").asText()).isEqualTo("AuthenticationFailed");
            TestServer.Answer fewBasic = server.sendAuthorization(route.method(), path, body, "Basic " + java.util.Base64.getEncoder()
                    .encodeToString(("static/weak:" + WEAK_TOKEN).getBytes(StandardCharsets.UTF_8)));
            assertThat(fewBasic.status()).as(route.name()).isEqualTo(403);
            TestServer.Answer endedSession = server.sendAuthorization(route.method(), path, body, null, "TASKGATE-SESSION=no-such-session", null);
            assertThat(endedSession.status()).as(route.name()).isEqualTo(401);
            assertThat(endedSession.body().get("code").asText()).isEqualTo("AuthenticationFailed");
            TestServer.Answer fewSession = server.sendAuthorization(route.method(), path, body, null, weakSession[0], weakSession[1]);
            assertThat(fewSession.status()).as(route.name()).isEqualTo(403);
            TestServer.Answer fewBearer = server.sendBearer(route.method(), path, body, weakBearer);
            assertThat(fewBearer.status()).as(route.name()).isEqualTo(403);
            assertThat(fewBearer.body().get("code").asText()).isEqualTo("InsufficientScopes");
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(2);
    }

    @Test
    void expandScopes_expandsThroughRoles_andRejectsBadBodiesByField() throws Exception {
        TestServer.Answer ok = send("POST", "/api/auth/v1/scopes/expand", "{\"scopes\":[\"assume:team\"]}", root());
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body().get("scopes").toString()).isEqualTo("[\"assume:team\",\"queue:create-task:highest:team/*\"]");
        TestServer.Answer badScope = send("POST", "/api/auth/v1/scopes/expand", "{\"scopes\":[\"ok\",7]}", root());
        assertThat(badScope.status()).isEqualTo(400);
        assertThat(badScope.body().get("code").asText()).isEqualTo("InputError");
        assertThat(badScope.body().get("message").asText()).isEqualTo("scopes[1]: must be a scope, a string of printable ASCII");
        assertThat(send("POST", "/api/auth/v1/scopes/expand", "{\"scopes\":[],\"x\":1}", root()).body().get("message").asText())
                .isEqualTo("x: is not an allowed property here");
        assertThat(send("POST", "/api/auth/v1/scopes/expand", "{\"scopes\":", root()).body().get("message").asText())
                .isEqualTo("The request body is not valid JSON");
        assertThat(send("POST", "/api/auth/v1/scopes/expand", "{}", root()).body().get("message").asText())
                .isEqualTo("scopes: must be an array of scopes");
    }

    @Test
    void authenticateHawk_reportsSuccessFailureAndNoAuth() throws Exception {
        URI forwarded = URI.create("https://backend.example.com/api/thing?x=1");
        String header = SIGNER.header(HawkSigner.Credentials.permanent("static/reader", READER_TOKEN), "POST", forwarded,
                Optional.of(new HawkAuthenticator.Payload("application/json", "{}".getBytes(StandardCharsets.UTF_8))));
        String request = "{\"method\":\"post\",\"resource\":\"/api/thing?x=1\",\"host\":\"backend.example.com\",\"port\":443,"
                + "\"authorization\":" + JSON.writeValueAsString(header) + ",\"sourceIp\":\"10.0.0.1\"}";
        TestServer.Answer ok = send("POST", "/api/auth/v1/authenticate-hawk", request, null);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body().get("status").asText()).isEqualTo("auth-success");
        assertThat(ok.body().get("clientId").asText()).isEqualTo("static/reader");
        assertThat(ok.body().get("scheme").asText()).isEqualTo("hawk");
        assertThat(ok.body().has("hash")).isTrue();
        assertThat(ok.body().get("scopes").toString()).contains("queue:create-task:highest:team/*");

        TestServer.Answer replay = send("POST", "/api/auth/v1/authenticate-hawk", request, null);
        assertThat(replay.body().get("status").asText()).isEqualTo("auth-failed");
        assertThat(replay.body().get("message").asText()).isEqualTo("Unauthorized: Invalid nonce");

        TestServer.Answer none = send("POST", "/api/auth/v1/authenticate-hawk",
                "{\"method\":\"get\",\"resource\":\"/\",\"host\":\"h\",\"port\":80}", null);
        assertThat(none.body().get("status").asText()).isEqualTo("no-auth");
        assertThat(none.body().get("scheme").asText()).isEqualTo("none");
        assertThat(none.body().get("scopes").toString()).isEqualTo("[\"assume:anonymous\"]");

        TestServer.Answer bad = send("POST", "/api/auth/v1/authenticate-hawk",
                "{\"method\":\"GET\",\"resource\":\"/\",\"host\":\"h\",\"port\":80}", null);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().get("message").asText()).isEqualTo("method: must be a lowercase HTTP verb, such as get");
        TestServer.Answer port = send("POST", "/api/auth/v1/authenticate-hawk",
                "{\"method\":\"get\",\"resource\":\"/\",\"host\":\"h\",\"port\":70000,\"authorization\":\"Hawk secret\"}", null);
        assertThat(port.body().get("message").asText()).isEqualTo("port: must be an integer from 0 to 65535");
        assertThat(port.body().get("requestInfo").get("payload").toString()).as("credentials stay out of errors").isEqualTo("{}");
    }

    @Test
    void unknownRoutes_tooLargeBodies_andForeignSchemes_getClearErrors() throws Exception {
        TestServer.Answer missing = send("GET", "/api/auth/v1/nope", null, null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body().get("code").asText()).isEqualTo("ResourceNotFound");

        String big = "{\"scopes\":[\"" + "a".repeat(1024 * 1024) + "\"]}";
        TestServer.Answer tooBig = send("POST", "/api/auth/v1/scopes/expand", big, null);
        assertThat(tooBig.status()).isEqualTo(413);

        HttpResponse<String> basic = java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(url("/api/auth/v1/scopes/current"))
                .header("Authorization", "Basic dXNlcjpwYXNz").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(basic.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(basic.body()).get("code").asText()).isEqualTo("AuthenticationFailed");
    }
}
