package io.taskgate.server.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskgate.hawk.HawkSigner;
import io.taskgate.server.authn.AuthMethods.Method;
import io.taskgate.server.http.Route;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The auth-method matrix, generically over the route table: for every profile, every method and
 * every protected route, no credentials, bad credentials, good credentials with too few scopes and
 * good credentials with enough. Every route must answer alike (Camunda's issue #45220, where one
 * endpoint let an anonymous caller through and its neighbour did not, must be impossible), and a
 * method that is off answers 401, never a silent pass.
 */
class AuthMatrixApiTest {

    private static final String WEAK = "static/weak";
    private static final String WEAK_TOKEN = "weak-client-token-hhhhhhhhhhhhhhhhhhhhhhhhhhh";
    private static final String BOSS_PASSWORD = "boss-password";
    private static final String PLAIN_PASSWORD = "plain-password";

    @TempDir
    Path dir;

    /** One way to present credentials: how a request carries them (an Authorization header, or a cookie and CSRF token). */
    private record Creds(String authorization, String cookie, String csrf) {
        static Creds header(String value) {
            return new Creds(value, null, null);
        }
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void everyProtectedRoute_answersAlike_forEveryMethod(Profile profile) throws Exception {
        try (TestServer server = new TestServer(dir, Map.of("TASKGATE_PROFILE", profile.name().toLowerCase(),
                "TASKGATE_STATIC_CLIENTS", "[{\"clientId\":\"" + WEAK + "\",\"accessToken\":\"" + WEAK_TOKEN + "\",\"scopes\":[]}]"),
                Clock.systemUTC())) {
            Set<Method> on = server.taskgate.methods().enabled();
            assertThat(on).isEqualTo(profile.methods().enabled());
            // Users for Basic and sessions: "boss" holds '*' through group:admin, "plain" holds nothing.
            if (profile != Profile.DEV) {
                assertThat(server.send("PUT", "/api/auth/v1/roles/group:admin", Map.of("description", "admins", "scopes", List.of("*")),
                        server.root()).status()).isEqualTo(200);
            }
            assertThat(server.send("PUT", "/api/auth/v1/users/boss", Map.of("displayName", "Boss", "groups", List.of("admin"),
                    "password", BOSS_PASSWORD), server.root()).status()).isEqualTo(200);
            assertThat(server.send("PUT", "/api/auth/v1/users/plain", Map.of("displayName", "Plain", "password", PLAIN_PASSWORD),
                    server.root()).status()).isEqualTo(200);

            Map<Method, List<Creds>> goodWeakBad = Map.of(
                    Method.HAWK, List.of(new Creds("hawk-root", null, null), new Creds("hawk-weak", null, null),
                            new Creds("hawk-bad", null, null)),
                    Method.BEARER, List.of(Creds.header("Bearer " + server.accessToken(TestServer.ROOT, server.rootToken, "")),
                            Creds.header("Bearer " + server.accessToken(WEAK, WEAK_TOKEN, "")), Creds.header("Bearer not.a.token")),
                    Method.BASIC, List.of(Creds.header(basic("boss", BOSS_PASSWORD)), Creds.header(basic("plain", PLAIN_PASSWORD)),
                            Creds.header("Basic !!!")),
                    Method.SESSION, List.of(session(server, "boss", BOSS_PASSWORD, on), session(server, "plain", PLAIN_PASSWORD, on),
                            new Creds(null, "TASKGATE-SESSION=no-such-session", null)));

            int checked = 0;
            for (Route route : server.taskgate.routes()) {
                if (route.scopes().isEmpty()) {
                    continue;
                }
                String path = route.path().replaceAll("<[^>]+>", "x");
                String body = route.method().equals("GET") ? null : "{}";
                int anonymous = server.sendAuthorization(route.method(), path, body, null).status();
                if (profile == Profile.DEV) {
                    assertThat(anonymous).as("%s %s anonymous", profile, route.name()).isNotIn(401, 403);
                } else {
                    assertThat(anonymous).as("%s %s anonymous", profile, route.name()).isEqualTo(401);
                }
                for (Map.Entry<Method, List<Creds>> m : goodWeakBad.entrySet()) {
                    boolean enabled = on.contains(m.getKey());
                    String what = profile + " " + m.getKey() + " " + route.name();
                    int good = send(server, route, path, body, m.getValue().get(0));
                    int weak = send(server, route, path, body, m.getValue().get(1));
                    int bad = send(server, route, path, body, m.getValue().get(2));
                    assertThat(bad).as(what + " bad").isEqualTo(401);
                    if (enabled && on.contains(Method.NONE)) {
                        // Every caller also holds assume:anonymous, which the dev profile's role makes '*'.
                        assertThat(weak).as(what + " weak, anonymous has *").isNotIn(401, 403);
                        assertThat(good).as(what + " good").isNotIn(401, 403);
                    } else if (enabled) {
                        assertThat(weak).as(what + " weak").isEqualTo(403);
                        assertThat(good).as(what + " good").isNotIn(401, 403);
                    } else {
                        assertThat(weak).as(what + " weak, method off").isEqualTo(401);
                        assertThat(good).as(what + " good, method off").isEqualTo(401);
                    }
                }
                checked++;
            }
            assertThat(checked).isGreaterThan(20);
        }
    }

    @org.junit.jupiter.api.Test
    void devProfile_seedLines_demoDemoIsAnAdmin_overBasicAndASession() throws Exception {
        try (TestServer server = new TestServer(dir, Map.of("TASKGATE_PROFILE", "dev"), Clock.systemUTC())) {
            assertThat(server.console).contains("Dev profile: user demo/demo is an admin");
            Process p = new ProcessBuilder("curl", "-sS", "--user", "demo:demo", server.taskgate.publicUrl() + "/api/auth/v1/scopes/current")
                    .redirectErrorStream(true).start();
            assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"scopes\":[\"*\"]}");
            String[] session = server.login("demo", "demo");
            assertThat(server.sendAuthorization("POST", "/api/auth/v1/scopes/expand", "{\"scopes\":[]}", null, session[0], session[1]).status())
                    .isEqualTo(200);
        }
    }

    @org.junit.jupiter.api.Test
    void aSwitchedOffMethod_saysSo() throws Exception {
        try (TestServer server = new TestServer(dir, Map.of("TASKGATE_AUTH_METHODS", "hawk,bearer"), Clock.systemUTC())) {
            TestServer.Answer basic = server.sendAuthorization("GET", "/api/auth/v1/scopes/current", null, basic("anyone", "anything"));
            assertThat(basic.status()).isEqualTo(401);
            assertThat(basic.message()).isEqualTo("Basic authentication is turned off on this server");
            TestServer.Answer login = server.sendAuthorization("POST", "/api/login?username=a&password=b", null, null);
            assertThat(login.status()).isEqualTo(401);
            assertThat(login.body().toString()).isEqualTo("{\"message\":\"Cookie sign-in is turned off on this server\"}");
        }
    }

    @org.junit.jupiter.api.Test
    void withHawkOff_authenticateHawkVouchesForNoHawkRequest() throws Exception {
        try (TestServer server = new TestServer(dir, Map.of("TASKGATE_AUTH_METHODS", "bearer"), Clock.systemUTC())) {
            String request = "{\"method\":\"get\",\"resource\":\"/x\",\"host\":\"backend.example.com\",\"port\":443,"
                    + "\"authorization\":\"Hawk id=\\\"a\\\", ts=\\\"1\\\", nonce=\\\"n\\\", mac=\\\"m\\\"\"}";
            TestServer.Answer a = server.sendAuthorization("POST", "/api/auth/v1/authenticate-hawk", request, null);
            assertThat(a.body().get("status").asText()).isEqualTo("auth-failed");
            assertThat(a.body().get("message").asText()).isEqualTo("Hawk authentication is turned off on this server");
        }
    }

    @org.junit.jupiter.api.Test
    void theDevProfilesLeftovers_stopAnotherProfileFromStarting() throws Exception {
        try (TestServer dev = new TestServer(dir, Map.of("TASKGATE_PROFILE", "dev"), Clock.systemUTC())) {
            assertThat(dev.sendAuthorization("GET", "/api/auth/v1/scopes/current", null, null).status()).isEqualTo(200);
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new TestServer(dir, Map.of(), Clock.systemUTC()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("the role 'anonymous' grants '*'");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> new TestServer(dir, Map.of("TASKGATE_PROFILE", "default", "TASKGATE_AUTH_METHODS", "none,basic,hawk"), Clock.systemUTC()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("the user demo still has the password demo");
    }

    private static int send(TestServer server, Route route, String path, String body, Creds creds) throws Exception {
        if (creds.authorization() != null && creds.authorization().startsWith("hawk-")) {
            HawkSigner.Credentials hawk = switch (creds.authorization()) {
                case "hawk-root" -> server.root();
                case "hawk-weak" -> HawkSigner.Credentials.permanent(WEAK, WEAK_TOKEN);
                default -> HawkSigner.Credentials.permanent(WEAK, "wrong-token-iiiiiiiiiiiiiiiiiiiiiiiiiiiii");
            };
            return server.send(route.method(), path, body, hawk).status();
        }
        return server.sendAuthorization(route.method(), path, body, creds.authorization(), creds.cookie(), creds.csrf()).status();
    }

    /** A signed-in session when sessions are on; otherwise a cookie that looks like one, which must still be refused. */
    private static Creds session(TestServer server, String user, String password, Set<Method> on) throws Exception {
        if (!on.contains(Method.SESSION)) {
            assertThat(server.sendAuthorization("POST", "/api/login?username=" + user + "&password=" + password, null, null).status())
                    .isEqualTo(401);
            return new Creds(null, "TASKGATE-SESSION=made-up-" + user, "made-up");
        }
        String[] signedIn = server.login(user, password);
        return new Creds(null, signedIn[0], signedIn[1]);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
