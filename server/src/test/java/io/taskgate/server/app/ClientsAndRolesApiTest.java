package io.taskgate.server.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskgate.hawk.HawkSigner;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Client and role management over real HTTP, with Taskcluster's rules and messages. */
class ClientsAndRolesApiTest {

    private static final String ADMIN_TOKEN = "YWRtaW4tdG9rZW4tZm9yLWNydWQtdGVzdHMtMTIzNDU2";

    @TempDir
    static Path dir;

    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        // An admin that may manage project/* clients and roles, but holds only queue:* to hand out.
        server = new TestServer(dir, "[{\"clientId\":\"static/admin\",\"accessToken\":\"" + ADMIN_TOKEN + "\",\"scopes\":["
                + "\"auth:create-client:project/*\",\"auth:update-client:project/*\",\"auth:get-client:*\",\"auth:list-clients\","
                + "\"auth:create-role:project:*\",\"auth:update-role:project:*\",\"auth:client-audit-history:*\",\"queue:*\",\"assume:project:*\"]}]");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HawkSigner.Credentials admin() {
        return HawkSigner.Credentials.permanent("static/admin", ADMIN_TOKEN);
    }

    private static String expires() {
        return Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private static Map<String, Object> clientBody(String expires, List<String> scopes) {
        return Map.of("expires", expires, "description", "a test client", "scopes", scopes);
    }

    @Test
    void createdClients_showTheirTokenOnce_andAuthenticate() throws Exception {
        TestServer.Answer created = server.send("PUT", "/api/auth/v1/clients/project%2Fa", clientBody(expires(),
                List.of("auth:current-scopes", "queue:create-task:*")), server.root());
        assertThat(created.status()).isEqualTo(200);
        String token = created.body().get("accessToken").asText();
        assertThat(token).hasSize(44);
        assertThat(created.body().get("expandedScopes").toString()).isEqualTo("[\"auth:current-scopes\",\"queue:create-task:*\"]");
        assertThat(created.body().get("created").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");

        TestServer.Answer got = server.send("GET", "/api/auth/v1/clients/project%2Fa", null, admin());
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.body().has("accessToken")).isFalse();

        TestServer.Answer current = server.send("GET", "/api/auth/v1/scopes/current", null,
                HawkSigner.Credentials.permanent("project/a", token));
        assertThat(current.status()).isEqualTo(200);
    }

    @Test
    void repeatingACreate_returnsTheClient_butDifferentContentConflicts() throws Exception {
        String expires = expires();
        TestServer.Answer first = server.send("PUT", "/api/auth/v1/clients/project%2Fidem", clientBody(expires, List.of()), admin());
        TestServer.Answer again = server.send("PUT", "/api/auth/v1/clients/project%2Fidem", clientBody(expires, List.of()), admin());
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("accessToken").asText()).isEqualTo(first.body().get("accessToken").asText());
        TestServer.Answer other = server.send("PUT", "/api/auth/v1/clients/project%2Fidem", clientBody(expires, List.of("queue:a")), admin());
        assertThat(other.status()).isEqualTo(409);
        assertThat(other.code()).isEqualTo("RequestConflict");
    }

    @Test
    void grantingScopesTheCallerLacks_is403_withWhatIsMissing() throws Exception {
        TestServer.Answer denied = server.send("PUT", "/api/auth/v1/clients/project%2Fgreedy",
                clientBody(expires(), List.of("queue:a", "secrets:get:x")), admin());
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.body().get("details").get("unsatisfied").toString()).isEqualTo("\"secrets:get:x\"");
        assertThat(denied.body().get("details").get("required").toString())
                .isEqualTo("{\"AllOf\":[\"auth:create-client:project/greedy\",\"queue:a\",\"secrets:get:x\"]}");
        assertThat(server.send("GET", "/api/auth/v1/clients/project%2Fgreedy", null, admin()).status()).isEqualTo(404);
    }

    @Test
    void badInput_isA400_thatNamesTheField() throws Exception {
        assertThat(server.send("PUT", "/api/auth/v1/clients/project%2Fx", Map.of("description", "d"), admin()).message())
                .isEqualTo("expires: is required");
        assertThat(server.send("PUT", "/api/auth/v1/clients/project%2Fx", Map.of("expires", "tomorrow", "description", "d"), admin())
                .message()).isEqualTo("expires: must be an ISO-8601 date-time such as 2026-11-23T12:00:00.000Z");
        assertThat(server.send("PUT", "/api/auth/v1/clients/project%2Fx", clientBody(expires(), List.of("queue:**")), admin())
                .message()).isEqualTo("scopes[0]: a scope may not end in **");
        assertThat(server.send("PUT", "/api/auth/v1/clients/project%2Fx",
                Map.of("expires", expires(), "description", "x".repeat(10241)), admin()).message())
                .isEqualTo("description: must be at most 10240 characters");
        TestServer.Answer reserved = server.send("PUT", "/api/auth/v1/clients/static%2Fmine", clientBody(expires(), List.of()), server.root());
        assertThat(reserved.status()).isEqualTo(400);
        assertThat(reserved.message()).startsWith("clientId \"static/mine\" starts with \"static/\" which is reserved");
        assertThat(server.send("GET", "/api/auth/v1/clients/?limit=5000", null, admin()).message())
                .isEqualTo("limit: must be a whole number from 1 to 1000");
    }

    @Test
    void lifecycle_update_reset_disable_enable_delete_isAudited() throws Exception {
        String id = "project/life";
        String path = "/api/auth/v1/clients/project%2Flife";
        String token = server.send("PUT", path, clientBody(expires(), List.of("auth:current-scopes")),
                server.root()).body().get("accessToken").asText();
        TestServer.Answer updated = server.send("POST", path, Map.of("expires", expires(),
                "description", "changed", "scopes", List.of("auth:current-scopes", "queue:b")), admin());
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.body().get("description").asText()).isEqualTo("changed");

        TestServer.Answer reset = server.send("POST", path + "/reset", null, server.root());
        String newToken = reset.body().get("accessToken").asText();
        assertThat(newToken).isNotEqualTo(token);
        assertThat(server.send("GET", "/api/auth/v1/scopes/current", null, HawkSigner.Credentials.permanent(id, token)).message())
                .isEqualTo("Unauthorized: Bad mac");
        HawkSigner.Credentials current = HawkSigner.Credentials.permanent(id, newToken);
        assertThat(server.send("GET", "/api/auth/v1/scopes/current", null, current).status()).isEqualTo(200);

        server.send("POST", path + "/disable", null, server.root());
        assertThat(server.send("GET", "/api/auth/v1/scopes/current", null, current).message())
                .isEqualTo("Client with clientId 'project/life' is disabled");
        server.send("POST", path + "/enable", null, server.root());
        assertThat(server.send("GET", "/api/auth/v1/scopes/current", null, current).status()).isEqualTo(200);

        assertThat(server.send("DELETE", path, null, server.root()).status()).isEqualTo(200);
        assertThat(server.send("DELETE", path, null, server.root()).status()).isEqualTo(200);
        assertThat(server.send("GET", path, null, admin()).message()).isEqualTo("Client not found");

        JsonNode history = server.send("GET", "/api/auth/v1/clients/project%2Flife/audit", null, admin()).body().get("auditHistory");
        List<String> actions = new ArrayList<>();
        history.forEach(e -> actions.add(e.get("actionType").asText() + " by " + e.get("clientId").asText()));
        assertThat(actions).containsExactly("created by static/taskgate/root", "updated by static/admin",
                "resetAccessToken by static/taskgate/root", "disabled by static/taskgate/root", "enabled by static/taskgate/root",
                "deleted by static/taskgate/root");
    }

    @Test
    void updatingClients_needsOnlyTheScopesItAdds() throws Exception {
        server.send("PUT", "/api/auth/v1/clients/project%2Fupd", clientBody(expires(), List.of("secrets:get:x")), server.root());
        // The admin lacks secrets:get:x, but keeping a scope is not adding it.
        TestServer.Answer keep = server.send("POST", "/api/auth/v1/clients/project%2Fupd",
                clientBody(expires(), List.of("secrets:get:x", "queue:c")), admin());
        assertThat(keep.status()).isEqualTo(200);
        TestServer.Answer add = server.send("POST", "/api/auth/v1/clients/project%2Fupd",
                clientBody(expires(), List.of("secrets:get:y")), admin());
        assertThat(add.status()).isEqualTo(403);
        assertThat(add.body().get("details").get("unsatisfied").asText()).isEqualTo("secrets:get:y");
    }

    @Test
    void listingClients_pagesByPrefix() throws Exception {
        for (String id : List.of("project/list/a", "project/list/b", "project/list/c")) {
            server.send("PUT", "/api/auth/v1/clients/" + id.replace("/", "%2F"), clientBody(expires(), List.of()), admin());
        }
        TestServer.Answer first = server.send("GET", "/api/auth/v1/clients/?prefix=project/list/&limit=2", null, admin());
        assertThat(first.body().get("clients")).hasSize(2);
        String token = first.body().get("continuationToken").asText();
        TestServer.Answer rest = server.send("GET", "/api/auth/v1/clients/?prefix=project/list/&limit=2&continuationToken=" + token,
                null, admin());
        assertThat(rest.body().get("clients")).hasSize(1);
        assertThat(rest.body().has("continuationToken")).isFalse();
    }

    @Test
    void roles_expand_refuseCycles_andNeedOnlyTheScopesTheyAdd() throws Exception {
        TestServer.Answer created = server.send("PUT", "/api/auth/v1/roles/project:ops",
                Map.of("scopes", List.of("queue:create-task:highest:ops/*", "assume:project:base"), "description", "ops"), admin());
        assertThat(created.status()).isEqualTo(200);
        server.send("PUT", "/api/auth/v1/roles/project:base", Map.of("scopes", List.of("queue:ping"), "description", "base"), admin());
        JsonNode role = server.send("GET", "/api/auth/v1/roles/project:ops", null, server.root()).body();
        assertThat(role.get("expandedScopes").toString())
                .isEqualTo("[\"assume:project:base\",\"assume:project:ops\",\"queue:create-task:highest:ops/*\",\"queue:ping\"]");

        TestServer.Answer cycle = server.send("POST", "/api/auth/v1/roles/project:base",
                Map.of("scopes", List.of("assume:project:ops"), "description", "base"), server.root());
        assertThat(cycle.status()).isEqualTo(400);
        assertThat(cycle.message()).startsWith("Roles may not contain dependency cycles, found: ");
        assertThat(cycle.body().get("details").get("cycle")).hasSize(3);

        TestServer.Answer narrower = server.send("POST", "/api/auth/v1/roles/project:ops",
                Map.of("scopes", List.of("queue:create-task:highest:ops/one"), "description", "ops"), admin());
        assertThat(narrower.status()).as("a scope the old role satisfied is not added").isEqualTo(200);

        TestServer.Answer param = server.send("PUT", "/api/auth/v1/roles/project:p*",
                Map.of("scopes", List.of("queue:a<..>b<..>"), "description", ""), admin());
        assertThat(param.message()).isEqualTo("parameterized scope 'queue:a<..>b<..>' contains multiple '<..>'");

        JsonNode ids = server.send("GET", "/api/auth/v1/roleids/?limit=1", null, server.root()).body();
        assertThat(ids.get("roleIds")).hasSize(1);
        assertThat(ids.has("continuationToken")).isTrue();
        assertThat(server.send("DELETE", "/api/auth/v1/roles/project:nothing", null, server.root()).status()).isEqualTo(200);
        assertThat(server.send("DELETE", "/api/auth/v1/roles/project:base", null, server.root()).status()).isEqualTo(200);
        assertThat(server.send("GET", "/api/auth/v1/roles/project:base", null, server.root()).message()).isEqualTo("Role not found");
    }
}
