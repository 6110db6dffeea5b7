package io.taskgate.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real {@code taskcluster-client}, unchanged, against a running Taskgate on loopback. */
class RealClientServerInteropTest {

    private static final String CI = "static/ci";
    private static final String CI_TOKEN = "Y2ktdG9rZW4tZm9yLWludGVyb3AtdGVzdHMtMTIzNDU2";
    private static final String WEAK = "static/weak";
    private static final String WEAK_TOKEN = "d2Vhay10b2tlbi1mb3ItaW50ZXJvcC10ZXN0cy0xMjM0";

    @TempDir
    static Path dir;

    private static Taskgate server;
    private static NodeOracle node;
    private static String rootUrl;
    private static String rootToken;

    @BeforeAll
    static void start() throws Exception {
        String statics = "[{\"clientId\":\"" + CI + "\",\"accessToken\":\"" + CI_TOKEN + "\",\"scopes\":[\"auth:current-scopes\","
                + "\"auth:expand-scopes\",\"queue:*\",\"auth:create-client:static/ci/*\"]},"
                + "{\"clientId\":\"" + WEAK + "\",\"accessToken\":\"" + WEAK_TOKEN + "\",\"scopes\":[]}]";
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        server = Taskgate.start(Config.of("127.0.0.1", 0, dir, Map.of("TASKGATE_STATIC_CLIENTS", statics)), Clock.systemUTC(),
                new PrintStream(console, true, StandardCharsets.UTF_8));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("shown only this once:\\n  (\\S+)")
                .matcher(console.toString(StandardCharsets.UTF_8));
        assertThat(m.find()).isTrue();
        rootToken = m.group(1);
        rootUrl = "http://127.0.0.1:" + server.port();
        node = new NodeOracle();
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
        server.close();
    }

    private static JsonNode call(Map<String, Object> credentials, String method, Object... args) throws Exception {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("rootUrl", rootUrl);
        request.put("credentials", credentials);
        request.put("call", method);
        request.put("args", List.of(args));
        return node.call("callAuth", request);
    }

    @Test
    void currentScopes_andExpandScopes() throws Exception {
        JsonNode current = call(NodeOracle.creds(CI, CI_TOKEN, null), "currentScopes");
        assertThat(current.get("ok").asBoolean()).as("%s", current).isTrue();
        assertThat(current.get("value").get("scopes").toString()).contains("auth:current-scopes", "queue:*", "assume:anonymous");
        JsonNode expanded = call(NodeOracle.creds(CI, CI_TOKEN, null), "expandScopes", Map.of("scopes", List.of("queue:a", "queue:*")));
        assertThat(expanded.get("value").get("scopes").toString()).isEqualTo("[\"queue:*\"]");
    }

    @Test
    void temporaryCredentials_andAuthorizedScopes() throws Exception {
        JsonNode temp = node.call("tempCreds", Map.of("issuer", NodeOracle.creds(CI, CI_TOKEN, null), "name", "static/ci/temp",
                "scopes", List.of("auth:current-scopes", "queue:create-task:highest:x"),
                "start", Instant.now().minus(Duration.ofMinutes(1)).toEpochMilli(),
                "expiry", Instant.now().plus(Duration.ofHours(1)).toEpochMilli()));
        JsonNode current = call(NodeOracle.creds(temp.get("clientId").asText(), temp.get("accessToken").asText(),
                temp.get("certificate").asText()), "currentScopes");
        assertThat(current.get("ok").asBoolean()).as("%s", current).isTrue();
        assertThat(current.get("value").get("scopes").toString())
                .isEqualTo("[\"assume:anonymous\",\"auth:current-scopes\",\"queue:create-task:highest:x\"]");

        Map<String, Object> request = new LinkedHashMap<>();
        request.put("rootUrl", rootUrl);
        request.put("credentials", NodeOracle.creds(CI, CI_TOKEN, null));
        request.put("authorizedScopes", List.of("auth:current-scopes"));
        request.put("call", "currentScopes");
        JsonNode narrowed = node.call("callAuth", request);
        assertThat(narrowed.get("value").get("scopes").toString()).isEqualTo("[\"assume:anonymous\",\"auth:current-scopes\"]");
    }

    @Test
    void unnamedTemporaryCredentials() throws Exception {
        JsonNode temp = node.call("tempCreds", Map.of("issuer", NodeOracle.creds(CI, CI_TOKEN, null),
                "scopes", List.of("auth:current-scopes"),
                "start", Instant.now().minus(Duration.ofMinutes(1)).toEpochMilli(),
                "expiry", Instant.now().plus(Duration.ofHours(1)).toEpochMilli()));
        assertThat(temp.get("clientId").asText()).isEqualTo(CI);
        JsonNode current = call(NodeOracle.creds(CI, temp.get("accessToken").asText(), temp.get("certificate").asText()), "currentScopes");
        assertThat(current.get("value").get("scopes").toString()).isEqualTo("[\"assume:anonymous\",\"auth:current-scopes\"]");
    }

    @Test
    void postWithAPayloadHashFromHawk_isChecked() throws Exception {
        String body = "{\"scopes\":[\"queue:a\"]}";
        String header = node.call("hawkHeader", Map.of("uri", rootUrl + "/api/auth/v1/scopes/expand", "method", "POST", "id", CI,
                "key", CI_TOKEN, "payload", body, "contentType", "application/json")).get("header").asText();
        assertThat(header).contains("hash=");
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create(rootUrl + "/api/auth/v1/scopes/expand"))
                .header("Authorization", header).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        String again = node.call("hawkHeader", Map.of("uri", rootUrl + "/api/auth/v1/scopes/expand", "method", "POST", "id", CI,
                "key", CI_TOKEN, "payload", body, "contentType", "application/json")).get("header").asText();
        HttpResponse<String> tampered = http.send(HttpRequest.newBuilder(URI.create(rootUrl + "/api/auth/v1/scopes/expand"))
                .header("Authorization", again).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"scopes\":[\"*\"]}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(tampered.statusCode()).isEqualTo(401);
        assertThat(tampered.body()).contains("Unauthorized: Bad payload hash");
    }

    @Test
    void errors_reachTheClientWithTheirCodes() throws Exception {
        JsonNode weak = call(NodeOracle.creds(WEAK, WEAK_TOKEN, null), "currentScopes");
        assertThat(weak.get("ok").asBoolean()).isFalse();
        assertThat(weak.get("statusCode").asInt()).isEqualTo(403);
        assertThat(weak.get("code").asText()).isEqualTo("InsufficientScopes");
        JsonNode bad = call(NodeOracle.creds(CI, WEAK_TOKEN, null), "currentScopes");
        assertThat(bad.get("statusCode").asInt()).isEqualTo(401);
        assertThat(bad.get("code").asText()).isEqualTo("AuthenticationFailed");
    }

    @Test
    void signedUrl_fromBuildSignedUrl_isAccepted() throws Exception {
        String url = node.call("signedUrl", Map.of("rootUrl", rootUrl, "credentials", NodeOracle.creds(CI, CI_TOKEN, null),
                "expiration", 900)).get("url").asText();
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(new ObjectMapper().readTree(r.body()).get("scopes").toString()).contains("queue:*");
    }

    @Test
    void clientAndRoleManagement_throughTheClient() throws Exception {
        Map<String, Object> root = NodeOracle.creds("static/taskgate/root", rootToken, null);
        String expires = Instant.now().plus(Duration.ofDays(1)).toString();
        JsonNode created = call(root, "createClient", "project/interop/made",
                Map.of("expires", expires, "description", "made by taskcluster-client", "scopes", List.of("assume:project:interop")));
        assertThat(created.get("ok").asBoolean()).as("%s", created).isTrue();
        String token = created.get("value").get("accessToken").asText();
        JsonNode role = call(root, "createRole", "project:interop",
                Map.of("scopes", List.of("auth:current-scopes", "queue:create-task:highest:interop/*"), "description", "interop"));
        assertThat(role.get("value").get("expandedScopes").toString()).contains("queue:create-task:highest:interop/*");

        JsonNode current = call(NodeOracle.creds("project/interop/made", token, null), "currentScopes");
        assertThat(current.get("value").get("scopes").toString()).contains("queue:create-task:highest:interop/*");

        assertThat(call(root, "client", "project/interop/made").get("value").has("accessToken")).isFalse();
        JsonNode listed = call(root, "listClients", Map.of("prefix", "project/interop/"));
        assertThat(listed.get("value").get("clients")).hasSize(1);
        JsonNode updated = call(root, "updateRole", "project:interop", Map.of("scopes", List.of("auth:current-scopes"), "description", "x"));
        assertThat(updated.get("ok").asBoolean()).isTrue();
        JsonNode reset = call(root, "resetAccessToken", "project/interop/made");
        assertThat(reset.get("value").get("accessToken").asText()).isNotEqualTo(token);
        // The convention role login-identity:* exists from the first start, beside the one made here.
        assertThat(call(root, "listRoles").get("value")).extracting(r -> r.get("roleId").asText())
                .containsExactly("login-identity:*", "project:interop");
        assertThat(call(root, "deleteRole", "project:interop").get("ok").asBoolean()).isTrue();
        assertThat(call(root, "deleteClient", "project/interop/made").get("ok").asBoolean()).isTrue();
        JsonNode gone = call(root, "client", "project/interop/made");
        assertThat(gone.get("statusCode").asInt()).isEqualTo(404);
        assertThat(gone.get("code").asText()).isEqualTo("ResourceNotFound");
    }

    @Test
    void testAuthenticate_withTheFixedTestClient() throws Exception {
        Map<String, Object> tester = NodeOracle.creds("tester", "no-secret", null);
        JsonNode ok = call(tester, "testAuthenticate", Map.of("clientScopes", List.of("test:a*"), "requiredScopes", List.of("test:ab")));
        assertThat(ok.get("ok").asBoolean()).as("%s", ok).isTrue();
        assertThat(ok.get("value").get("clientId").asText()).isEqualTo("tester");
        JsonNode denied = call(tester, "testAuthenticate", Map.of("clientScopes", List.of("test:a"), "requiredScopes", List.of("test:b")));
        assertThat(denied.get("statusCode").asInt()).isEqualTo(403);
        JsonNode get = call(tester, "testAuthenticateGet");
        assertThat(get.get("value").get("scopes").toString()).contains("test:*");
        JsonNode stranger = call(NodeOracle.creds(CI, CI_TOKEN, null), "testAuthenticateGet");
        assertThat(stranger.get("statusCode").asInt()).isEqualTo(401);
    }

    @Test
    void authenticateHawk_forAThirdPartyRequest() throws Exception {
        String header = node.call("hawkHeader", Map.of("uri", "https://third.example.com/api/x", "method", "GET", "id", CI,
                "key", CI_TOKEN)).get("header").asText();
        JsonNode result = call(Map.of(), "authenticateHawk", Map.of("method", "get", "resource", "/api/x",
                "host", "third.example.com", "port", 443, "authorization", header));
        assertThat(result.get("ok").asBoolean()).as("%s", result).isTrue();
        assertThat(result.get("value").get("status").asText()).isEqualTo("auth-success");
        assertThat(result.get("value").get("clientId").asText()).isEqualTo(CI);
    }
}
