package io.taskgate.server.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskgate.hawk.HawkSigner;
import io.taskgate.hawk.MutableClock;
import io.taskgate.server.login.LdapTestServer;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sign-in with an LDAP directory (UnboundID's in-memory server over real LDAP) at the pages, the grant, and the scanner's lookups. */
class LdapSignInApiTest {

    @TempDir
    static Path dir;
    private static final MutableClock CLOCK = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private static LdapTestServer ldap;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        ldap = new LdapTestServer();
        server = new TestServer(dir, Map.of("TASKGATE_LDAP", ldap.searchJson(""), "TASKGATE_LOGIN_ALLOWED_HOSTS", "app.example"), CLOCK);
        assertThat(server.send("PUT", "/api/auth/v1/roles/group:ldap%2Fops", Map.of("description", "ops from LDAP",
                "scopes", List.of("auth:current-scopes", "secrets:get:ops/*")), server.root()).status()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        server.close();
        ldap.close();
    }

    @Test
    void anLdapUserSignsIn_andGrantsCredentials_carryingTheirDirectoryGroups() throws Exception {
        PageClient browser = new PageClient(server);
        String grantPath = "/login?target=" + URLEncoder.encode("https://app.example/", StandardCharsets.UTF_8) + "&description=hi";
        HttpResponse<String> page = browser.get(grantPath);
        assertThat(page.body()).contains("Sign in with LDAP").contains("Username (LDAP)").contains("Username (Taskgate account)");
        HttpResponse<String> grant = browser.signIn(grantPath, "ldap", "alice", LdapTestServer.ALICE_PASSWORD);
        assertThat(grant.body()).contains("<code>ldap/alice</code>").contains("<li>assume:group:ldap/ops</li>")
                .contains("<li>assume:group:ldap/devs</li>");
        Map<String, String> got = PageClient.params(PageClient.location(browser.submit(grant,
                "/login/grant", Map.of("decision", "grant"))), false);
        assertThat(got.get("clientId")).isEqualTo("ldap/alice");
        TestServer.Answer current = server.send("GET", "/api/auth/v1/scopes/current", null,
                new HawkSigner.Credentials(got.get("clientId"), got.get("accessToken"), Optional.of(got.get("certificate")), Optional.empty()));
        assertThat(current.status()).as(current.raw().body()).isEqualTo(200);
        assertThat(current.body().get("scopes").toString()).contains("secrets:get:ops/*").contains("auth:create-client:ldap/alice/*");
    }

    @Test
    void aNameWithOddCharacters_isEncodedInTheIdentity() throws Exception {
        HttpResponse<String> account = new PageClient(server).signIn("/login", "ldap", "ana maría", LdapTestServer.ANA_PASSWORD);
        assertThat(account.body()).contains("<code>ldap/ana!20mar!C3!ADa</code>");
    }

    @Test
    void aWrongLdapPassword_isTheSameAnswer_andDoesNotCountAgainstALocalUserOfThatName() throws Exception {
        PageClient browser = new PageClient(server);
        Map<String, String> form = PageClient.hidden(browser.get("/login").body());
        form.putAll(Map.of("source", "ldap", "username", "bob", "password", "wrong"));
        HttpResponse<String> wrong = browser.post("/login/password", form);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("Invalid username or password");
        form.put("password", "");
        assertThat(browser.post("/login/password", form).statusCode()).as("an empty password never reaches a bind").isEqualTo(400);
    }

    @Test
    void theScanner_asksTheDirectory_andDisablesClientsOfPeopleWhoLeftIt() throws Exception {
        PageClient bob = new PageClient(server);
        bob.signIn("/login", "ldap", "bob", LdapTestServer.BOB_PASSWORD);
        TestServer.Answer made = server.sendAuthorization("PUT", "/api/auth/v1/clients/ldap%2Fbob%2Ftool",
                TestServer.JSON.writeValueAsString(Map.of("description", "bob's", "expires", "3000-01-01T00:00:00.000Z", "scopes", List.of())),
                null, "TASKGATE-SESSION=" + bob.cookies.get("TASKGATE-SESSION"), bob.cookies.get("X-CSRF-TOKEN"));
        assertThat(made.status()).as(made.raw().body()).isEqualTo(200);
        assertThat(server.taskgate.scanOwnedClients()).isZero();

        ldap.server.delete("uid=bob," + LdapTestServer.PEOPLE);
        assertThat(server.taskgate.scanOwnedClients()).isEqualTo(1);
        assertThat(server.send("GET", "/api/auth/v1/clients/ldap%2Fbob%2Ftool", null, server.root()).body().get("disabled").asBoolean())
                .isTrue();
    }

    @Test
    void aDirectoryThatCannotAnswer_isA503_andTheScannerDisablesNobody(@TempDir Path ownDir) throws Exception {
        LdapTestServer down = new LdapTestServer();
        try (TestServer own = new TestServer(ownDir, Map.of("TASKGATE_LDAP", down.searchJson("")), CLOCK)) {
            PageClient carol = new PageClient(own);
            carol.signIn("/login", "ldap", "bob", LdapTestServer.BOB_PASSWORD);
            assertThat(own.sendAuthorization("PUT", "/api/auth/v1/clients/ldap%2Fbob%2Fci", TestServer.JSON.writeValueAsString(
                    Map.of("description", "ci", "expires", "3000-01-01T00:00:00.000Z", "scopes", List.of())), null,
                    "TASKGATE-SESSION=" + carol.cookies.get("TASKGATE-SESSION"), carol.cookies.get("X-CSRF-TOKEN")).status()).isEqualTo(200);
            down.close();

            PageClient browser = new PageClient(own);
            Map<String, String> form = PageClient.hidden(browser.get("/login").body());
            form.putAll(Map.of("source", "ldap", "username", "bob", "password", LdapTestServer.BOB_PASSWORD));
            HttpResponse<String> r = browser.post("/login/password", form);
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.body()).contains("The LDAP directory cannot be reached").doesNotContain(LdapTestServer.SERVICE_PASSWORD);
            assertThat(own.taskgate.scanOwnedClients()).isZero();
            assertThat(own.send("GET", "/api/auth/v1/clients/ldap%2Fbob%2Fci", null, own.root()).body().get("disabled").asBoolean()).isFalse();
        }
    }
}
