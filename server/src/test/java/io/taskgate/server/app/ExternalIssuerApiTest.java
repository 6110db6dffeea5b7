package io.taskgate.server.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.taskgate.hawk.MutableClock;
import io.taskgate.server.oauth.RemoteKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.http.MockWebServerWrapper;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.KeyProvider;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bearer tokens from an external OIDC provider: a real one (mock-oauth2-server) that Taskgate
 * discovers and fetches keys from over HTTP. The tests share one IdP and one clock that only moves
 * forward, so they run in order; the outage comes last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExternalIssuerApiTest {

    /** An IdP key provider whose key the test can rotate, and that counts how often the IdP serves its keys. */
    static final class RotatingKeys extends KeyProvider {
        private final AtomicReference<RSAKey> current = new AtomicReference<>();
        final AtomicInteger served = new AtomicInteger();

        RotatingKeys() {
            super(List.of(), "RS256");
            rotate();
        }

        void rotate() {
            try {
                current.set(new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).keyUse(KeyUse.SIGNATURE)
                        .algorithm(JWSAlgorithm.RS256).generate());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public JWK signingKey(String issuerId) {
            served.incrementAndGet();
            return current.get();
        }
    }

    @TempDir
    static Path dir;
    private static final MutableClock CLOCK = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private static final RotatingKeys KEYS = new RotatingKeys();
    private static final RSAKey STRANGER = new RotatingKeys().current.get();
    private static MockOAuth2Server idp;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        idp = new MockOAuth2Server(new OAuth2Config(false, null, null, false, new OAuth2TokenProvider(KEYS, (Instant) null), Set.of(),
                new MockWebServerWrapper()));
        idp.start();
        String issuers = "[{\"issuer\":\"" + idp.issuerUrl("kc") + "\",\"alias\":\"kc\",\"audiences\":[\"tasklist-api\",\"zeebe-api\"]},"
                + "{\"issuer\":\"" + idp.issuerUrl("open") + "\",\"alias\":\"open\",\"clientIdClaim\":\"appid\","
                + "\"userClaim\":\"preferred_username\",\"groupsClaim\":\"roles\"}]";
        server = new TestServer(dir, Map.of("TASKGATE_OIDC_ISSUERS", issuers), CLOCK);
        role("client:kc/robot", "auth:current-scopes");
        role("group:kc/admins", "auth:list-clients");
        role("login-identity:open/ada", "auth:current-scopes");
    }

    @AfterAll
    static void stop() {
        server.close();
        idp.shutdown();
    }

    private static void role(String roleId, String scope) throws Exception {
        TestServer.Answer a = server.send("PUT", "/api/auth/v1/roles/" + roleId.replace("/", "%2F"),
                Map.of("description", "test", "scopes", List.of(scope)), server.root());
        assertThat(a.status()).as(a.raw().body()).isEqualTo(200);
    }

    /** A token from the IdP: {@code azp} is the client; {@code aud} empty means no aud claim at all. */
    private static String idpToken(String issuerId, String client, String subject, List<String> audience, Map<String, Object> claims) {
        return idp.issueToken(issuerId, client, new DefaultOAuth2TokenCallback(issuerId, subject, "at+jwt", audience, claims, 3600L))
                .serialize();
    }

    private static TestServer.Answer current(String token) throws Exception {
        return server.sendBearer("GET", "/api/auth/v1/scopes/current", null, token);
    }

    @Test
    @Order(1)
    void theRightAudience_passes_andClaimsBecomeIdentityScopes_expandedThroughRoles() throws Exception {
        TestServer.Answer a = current(idpToken("kc", "robot", "user-1", List.of("tasklist-api"), Map.of()));
        assertThat(a.status()).as(a.raw().body()).isEqualTo(200);
        assertThat(a.body().get("scopes").toString()).isEqualTo(
                "[\"assume:anonymous\",\"assume:client:kc/robot\",\"assume:login-identity:kc/user-1\",\"auth:create-client:kc/user-1/*\","
                + "\"auth:current-scopes\",\"auth:delete-client:kc/user-1/*\",\"auth:reset-access-token:kc/user-1/*\","
                + "\"auth:update-client:kc/user-1/*\"]");
        // Any one configured audience among several is enough.
        assertThat(current(idpToken("kc", "robot", "user-1", List.of("other", "zeebe-api"), Map.of())).status()).isEqualTo(200);
    }

    @Test
    @Order(2)
    void theWrongAudience_andNoAudience_areRefused() throws Exception {
        TestServer.Answer wrong = current(idpToken("kc", "robot", "user-1", List.of("operate-api"), Map.of()));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.raw().headers().firstValue("WWW-Authenticate").orElseThrow())
                .isEqualTo("Bearer error=\"invalid_token\", error_description=\"JWT aud claim rejected\"");
        TestServer.Answer none = current(idpToken("kc", "robot", "user-1", List.of(), Map.of()));
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.body().get("message").asText()).contains("aud");
    }

    @Test
    @Order(3)
    void anIssuerWithoutAudiences_acceptsAny_andUsesItsConfiguredClaims() throws Exception {
        TestServer.Answer a = current(idpToken("open", "ignored-azp", "sub-9", List.of(),
                Map.of("appid", "app-7", "preferred_username", "ada", "roles", List.of("readers"))));
        assertThat(a.status()).as(a.raw().body()).isEqualTo(200);
        assertThat(a.body().get("scopes").toString()).isEqualTo("[\"assume:anonymous\",\"assume:client:open/app-7\","
                + "\"assume:group:open/readers\",\"assume:login-identity:open/ada\",\"auth:create-client:open/ada/*\",\"auth:current-scopes\","
                + "\"auth:delete-client:open/ada/*\",\"auth:reset-access-token:open/ada/*\",\"auth:update-client:open/ada/*\"]");
    }

    @Test
    @Order(4)
    void aWildcardInAClaim_isRefused_ratherThanMatchingEveryonesRoles() throws Exception {
        for (Map<String, Object> claims : List.<Map<String, Object>>of(Map.of("appid", "app-7", "preferred_username", "*"),
                Map.of("appid", "app-*"), Map.of("preferred_username", "ada", "roles", List.of("read*")))) {
            TestServer.Answer a = current(idpToken("open", "azp", "sub", List.of(), claims));
            assertThat(a.status()).as(claims.toString()).isEqualTo(401);
            assertThat(a.body().get("message").asText()).contains("holds '*'");
        }
    }

    @Test
    @Order(4)
    void aGroupClaim_grantsWhatItsRoleGrants() throws Exception {
        String admin = idpToken("kc", "robot", "user-1", List.of("tasklist-api"), Map.of("groups", List.of("admins")));
        String plain = idpToken("kc", "robot", "user-2", List.of("tasklist-api"), Map.of("groups", List.of("staff")));
        assertThat(server.sendBearer("GET", "/api/auth/v1/clients/", null, admin).status()).isEqualTo(200);
        TestServer.Answer denied = server.sendBearer("GET", "/api/auth/v1/clients/", null, plain);
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.body().get("details").get("unsatisfied").asText()).isEqualTo("auth:list-clients");
    }

    @Test
    @Order(5)
    void aKeyRotationAtTheIdp_isPickedUp_whenANewKidAppears() throws Exception {
        assertThat(current(idpToken("kc", "robot", "user-1", List.of("tasklist-api"), Map.of())).status()).isEqualTo(200);
        KEYS.rotate();
        CLOCK.advance(RemoteKeys.MIN_REFRESH_INTERVAL);
        String rotated = idpToken("kc", "robot", "user-1", List.of("tasklist-api"), Map.of());
        TestServer.Answer a = current(rotated);
        assertThat(a.status()).as(a.raw().body()).isEqualTo(200);
    }

    @Test
    @Order(6)
    void aFloodOfUnknownKids_fetchesTheIdpsKeysAtMostOncePerInterval() throws Exception {
        int perFetch = servedBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(idp.jwksUrl("kc").toString())).build(),
                HttpResponse.BodyHandlers.discarding()));
        assertThat(perFetch).isPositive();
        CLOCK.advance(RemoteKeys.MIN_REFRESH_INTERVAL);
        int flood = servedBy(() -> {
            for (int i = 0; i < 40; i++) {
                assertThat(current(forged("kid-" + i)).status()).isEqualTo(401);
            }
            return null;
        });
        assertThat(flood).isEqualTo(perFetch); // exactly one fetch for forty unknown kids
    }

    @Test
    @Order(7)
    void whileTheIdpIsDown_theLastGoodKeysStillVerify() throws Exception {
        String unseen = idpToken("kc", "robot", "user-1", List.of("tasklist-api"), Map.of());
        idp.shutdown();
        CLOCK.advance(RemoteKeys.TIME_TO_LIVE.plus(RemoteKeys.MIN_REFRESH_INTERVAL));
        TestServer.Answer a = current(unseen);
        assertThat(a.status()).as(a.raw().body()).isEqualTo(200);
    }

    /** A token naming the IdP as issuer, signed by a key the IdP never had. */
    private static String forged(String kid) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).type(JOSEObjectType.JWT).build(),
                new JWTClaimsSet.Builder().issuer(idp.issuerUrl("kc").toString()).subject("x").audience("tasklist-api")
                        .expirationTime(Date.from(Instant.now().plusSeconds(600))).build());
        jwt.sign(new RSASSASigner(STRANGER));
        return jwt.serialize();
    }

    private interface Work {
        Object run() throws Exception;
    }

    private static int servedBy(Work work) throws Exception {
        int before = KEYS.served.get();
        work.run();
        return KEYS.served.get() - before;
    }
}
