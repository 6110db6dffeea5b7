package io.taskgate.server.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskgate.hawk.MutableClock;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Login identities manage clients named after themselves, and the scanner disables those that outgrow their owner. */
class OwnedClientsApiTest {

    @TempDir
    static Path dir;
    private static final MutableClock CLOCK = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(dir, Map.of(), CLOCK);
        SessionsApiTest.addUser(dir, "demo", "demo-password");
        SessionsApiTest.addUser(dir, "eve", "eve-password");
        role("group:admin", List.of("auth:current-scopes", "queue:create-task:demo/*"));
        server.taskgate.reloadUsers();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Creates the role, or updates it when it exists. */
    private static void role(String id, List<String> scopes) throws Exception {
        Map<String, Object> body = Map.of("description", "test", "scopes", scopes);
        TestServer.Answer created = server.send("PUT", "/api/auth/v1/roles/" + id, body, server.root());
        int status = created.status() == 409 ? server.send("POST", "/api/auth/v1/roles/" + id, body, server.root()).status() : created.status();
        assertThat(status).isEqualTo(200);
    }

    /** Creates a client as the signed-in person, with the session cookie and its CSRF token, as a web page would. */
    private static TestServer.Answer createAs(PageClient who, String clientId, List<String> scopes) throws Exception {
        return server.sendAuthorization("PUT", "/api/auth/v1/clients/" + clientId.replace("/", "%2F"),
                TestServer.JSON.writeValueAsString(Map.of("description", "mine", "expires", "3000-01-01T00:00:00.000Z", "scopes", scopes)),
                null, "TASKGATE-SESSION=" + who.cookies.get("TASKGATE-SESSION"), who.cookies.get("X-CSRF-TOKEN"));
    }

    @Test
    void aPersonMakesClientsUnderTheirOwnName_only_andTheScannerDisablesThoseTheyOutgrow() throws Exception {
        PageClient demo = new PageClient(server);
        demo.signIn("/login", "local", "demo", "demo-password");
        PageClient eve = new PageClient(server);
        eve.signIn("/login", "local", "eve", "eve-password");

        assertThat(createAs(demo, "local/demo/ci", List.of("queue:create-task:demo/ci")).status()).isEqualTo(200);
        assertThat(createAs(demo, "local/demo/wider", List.of("queue:create-task:other")).status()).isEqualTo(403);
        TestServer.Answer foreign = createAs(eve, "local/demo/sneaky", List.of());
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(foreign.message()).contains("auth:create-client:local/demo/sneaky");

        assertThat(server.taskgate.scanOwnedClients()).isZero();
        assertThat(server.send("GET", "/api/auth/v1/clients/local%2Fdemo%2Fci", null, server.root()).body().get("disabled").asBoolean())
                .isFalse();

        role("group:admin", List.of("auth:current-scopes")); // demo no longer holds queue:create-task:demo/*
        assertThat(server.taskgate.scanOwnedClients()).isEqualTo(1);
        TestServer.Answer after = server.send("GET", "/api/auth/v1/clients/local%2Fdemo%2Fci", null, server.root());
        assertThat(after.body().get("disabled").asBoolean()).isTrue();
        assertThat(server.taskgate.scanOwnedClients()).as("a disabled client is left alone").isZero();
    }

    @Test
    void aClientWhoseOwnerIsGone_isDisabled_butOtherNamespacesAreNotTouched() throws Exception {
        TestServer.Answer orphan = server.send("PUT", "/api/auth/v1/clients/local%2Fghost%2Fbot", Map.of("description", "x",
                "expires", "3000-01-01T00:00:00.000Z", "scopes", List.of()), server.root());
        assertThat(orphan.status()).isEqualTo(200);
        TestServer.Answer other = server.send("PUT", "/api/auth/v1/clients/project%2Fghost%2Fbot", Map.of("description", "x",
                "expires", "3000-01-01T00:00:00.000Z", "scopes", List.of()), server.root());
        assertThat(other.status()).isEqualTo(200);
        server.taskgate.scanOwnedClients();
        assertThat(server.send("GET", "/api/auth/v1/clients/local%2Fghost%2Fbot", null, server.root()).body().get("disabled").asBoolean())
                .isTrue();
        assertThat(server.send("GET", "/api/auth/v1/clients/project%2Fghost%2Fbot", null, server.root()).body().get("disabled").asBoolean())
                .isFalse();
    }
}
