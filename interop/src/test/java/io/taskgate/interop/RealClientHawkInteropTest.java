package io.taskgate.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskgate.hawk.Certificate;
import io.taskgate.hawk.HawkAuthenticator;
import io.taskgate.hawk.HawkException;
import io.taskgate.hawk.HawkRequest;
import io.taskgate.hawk.HawkSigner;
import io.taskgate.hawk.InMemoryReplayGuard;
import io.taskgate.scopes.Role;
import io.taskgate.scopes.RoleResolver;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Taskgate's Hawk against the real {@code taskcluster-client@87.1.3} and {@code hawk@9.0.2}: what
 * they sign, we verify; what we sign, they verify. Signatures carry the real time, so the
 * authenticator uses the system clock.
 */
class RealClientHawkInteropTest {

    private static final String ISSUER = "project/interop/issuer";
    private static final String ISSUER_TOKEN = "aW50ZXJvcC1pc3N1ZXItdG9rZW4tZm9yLXRlc3RzLTEy";

    private static NodeOracle node;
    private final RoleResolver roles = RoleResolver.build(List.of(Role.of("anonymous", "auth:ping")));
    private final HawkAuthenticator auth = new HawkAuthenticator(this::load, roles::resolve, Clock.systemUTC(),
            new InMemoryReplayGuard(Clock.systemUTC(), HawkAuthenticator.SKEW, 10_000));

    @BeforeAll
    static void start() throws Exception {
        node = new NodeOracle();
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    private HawkAuthenticator.Issuer load(String clientId) throws HawkException {
        if (!clientId.equals(ISSUER)) {
            throw HawkException.plain("Client with clientId '" + clientId + "' not found");
        }
        return HawkAuthenticator.Issuer.of(ISSUER, ISSUER_TOKEN,
                List.of("queue:*", "auth:create-client:project/interop/*"), Instant.now().plus(Duration.ofDays(1)), roles::resolve);
    }

    /** Verifies a request that taskcluster-client really sent. */
    private HawkAuthenticator.Authenticated verifyCaptured(JsonNode captured) throws HawkException {
        HawkRequest request = HawkRequest.fromHeaders(captured.get("method").asText(), captured.get("resource").asText(),
                captured.get("host").asText(), null, null, false);
        return auth.authenticate(request, captured.get("authorization").asText(), Optional.of(
                new HawkAuthenticator.Payload("application/json", captured.get("body").asText().getBytes(StandardCharsets.UTF_8))));
    }

    private JsonNode tempCreds(Optional<String> name, List<String> scopes) throws Exception {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("issuer", NodeOracle.creds(ISSUER, ISSUER_TOKEN, null));
        name.ifPresent(n -> args.put("name", n));
        args.put("scopes", scopes);
        args.put("start", Instant.now().minus(Duration.ofMinutes(1)).toEpochMilli());
        args.put("expiry", Instant.now().plus(Duration.ofHours(1)).toEpochMilli());
        return node.call("tempCreds", args);
    }

    private HawkAuthenticator.Authenticated currentScopesWith(JsonNode creds) throws Exception {
        JsonNode captured = node.call("clientRequest", Map.of("credentials", NodeOracle.creds(creds.get("clientId").asText(),
                creds.get("accessToken").asText(), creds.get("certificate").asText()), "call", "currentScopes"));
        return verifyCaptured(captured);
    }

    @Test
    void permanentCredentials_getAndPost() throws Exception {
        JsonNode get = node.call("clientRequest", Map.of("credentials", NodeOracle.creds(ISSUER, ISSUER_TOKEN, null), "call", "currentScopes"));
        assertThat(verifyCaptured(get).clientId()).isEqualTo(ISSUER);
        JsonNode post = node.call("clientRequest", Map.of("credentials", NodeOracle.creds(ISSUER, ISSUER_TOKEN, null),
                "call", "expandScopes", "args", List.of(Map.of("scopes", List.of("assume:x")))));
        assertThat(post.get("method").asText()).isEqualTo("POST");
        assertThat(verifyCaptured(post).scopes()).contains("queue:*", "auth:ping");
    }

    @Test
    void unnamedTemporaryCredentials_fromCreateTemporaryCredentials() throws Exception {
        JsonNode creds = tempCreds(Optional.empty(), List.of("queue:create-task:highest:proj/*"));
        HawkAuthenticator.Authenticated who = currentScopesWith(creds);
        assertThat(who.clientId()).isEqualTo(ISSUER);
        assertThat(who.scopes()).containsExactly("assume:anonymous", "auth:ping", "queue:create-task:highest:proj/*");
    }

    @Test
    void namedTemporaryCredentials_fromCreateTemporaryCredentials() throws Exception {
        JsonNode creds = tempCreds(Optional.of("project/interop/named"), List.of("queue:get-artifact:x"));
        HawkAuthenticator.Authenticated who = currentScopesWith(creds);
        assertThat(who.clientId()).isEqualTo("project/interop/named");
        assertThat(who.scopes()).contains("queue:get-artifact:x");
    }

    @Test
    void emptyScopeTemporaryCredentials_fromTheJavaScriptClient_areAccepted() throws Exception {
        JsonNode creds = tempCreds(Optional.empty(), List.of());
        assertThat(currentScopesWith(creds).scopes()).containsExactly("assume:anonymous", "auth:ping");
        JsonNode named = tempCreds(Optional.of("project/interop/empty"), List.of());
        assertThat(currentScopesWith(named).clientId()).isEqualTo("project/interop/empty");
    }

    @Test
    void authorizedScopes_fromTheClientOption() throws Exception {
        JsonNode captured = node.call("clientRequest", Map.of("credentials", NodeOracle.creds(ISSUER, ISSUER_TOKEN, null),
                "authorizedScopes", List.of("queue:create-task:highest:a"), "call", "currentScopes"));
        assertThat(verifyCaptured(captured).scopes()).containsExactly("assume:anonymous", "auth:ping", "queue:create-task:highest:a");
        JsonNode beyond = node.call("clientRequest", Map.of("credentials", NodeOracle.creds(ISSUER, ISSUER_TOKEN, null),
                "authorizedScopes", List.of("secrets:get:x"), "call", "currentScopes"));
        assertThatThrownBy(() -> verifyCaptured(beyond))
                .hasMessageStartingWith("Supplied credentials do not satisfy authorizedScopes; credentials have scopes:");
    }

    @Test
    void buildSignedUrl_withPermanentAndTemporaryCredentials() throws Exception {
        JsonNode temp = tempCreds(Optional.of("project/interop/url"), List.of("queue:get-artifact:*"));
        for (Map<String, Object> creds : List.of(NodeOracle.creds(ISSUER, ISSUER_TOKEN, null),
                NodeOracle.creds(temp.get("clientId").asText(), temp.get("accessToken").asText(), temp.get("certificate").asText()))) {
            URI url = URI.create(node.call("signedUrl", Map.of("rootUrl", "http://localhost:8080", "credentials", creds,
                    "expiration", 900)).get("url").asText());
            HawkRequest request = new HawkRequest("GET", url.getRawPath() + "?" + url.getRawQuery(), "localhost", 8080);
            assertThat(auth.authenticateBewit(request).clientId()).isEqualTo(creds.get("clientId"));
        }
    }

    @Test
    void payloadHashFromHawk_isVerified() throws Exception {
        String body = "{\"scopes\":[\"assume:x\"]}";
        String header = node.call("hawkHeader", Map.of("uri", "http://localhost:8080/api/auth/v1/scopes/expand",
                "method", "POST", "id", ISSUER, "key", ISSUER_TOKEN, "payload", body, "contentType", "application/json"))
                .get("header").asText();
        HawkRequest request = new HawkRequest("POST", "/api/auth/v1/scopes/expand", "localhost", 8080);
        assertThatThrownBy(() -> auth.authenticate(request, header, Optional.of(new HawkAuthenticator.Payload(
                "application/json", "{\"scopes\":[\"*\"]}".getBytes(StandardCharsets.UTF_8)))))
                .hasMessage("Unauthorized: Bad payload hash");
        assertThat(auth.authenticate(request, header, Optional.of(new HawkAuthenticator.Payload("application/json",
                body.getBytes(StandardCharsets.UTF_8)))).hash()).isPresent();
    }

    @Test
    void javaSignedHeaders_passRealHawk() throws Exception {
        HawkSigner signer = new HawkSigner(Clock.systemUTC(), new SecureRandom());
        Certificate.Minted minted = Certificate.mint(ISSUER, ISSUER_TOKEN, Optional.of("project/interop/java"),
                List.of("queue:a"), Instant.now(), Instant.now().plus(Duration.ofHours(1)), new SecureRandom());
        URI uri = URI.create("http://localhost:8080/api/queue/v1/pending/prov%2Fworker?limit=5");
        List<Object[]> cases = new ArrayList<>();
        cases.add(new Object[] {HawkSigner.Credentials.permanent(ISSUER, ISSUER_TOKEN), null});
        cases.add(new Object[] {HawkSigner.Credentials.permanent(ISSUER, ISSUER_TOKEN), "{\"a\":1}"});
        cases.add(new Object[] {new HawkSigner.Credentials(minted.clientId(), minted.accessToken(),
                Optional.of(minted.certificate()), Optional.of(List.of("queue:a"))), null});
        for (Object[] c : cases) {
            HawkSigner.Credentials creds = (HawkSigner.Credentials) c[0];
            String body = (String) c[1];
            Optional<HawkAuthenticator.Payload> payload = Optional.ofNullable(body)
                    .map(b -> new HawkAuthenticator.Payload("application/json", b.getBytes(StandardCharsets.UTF_8)));
            String header = signer.header(creds, body == null ? "GET" : "POST", uri, payload);
            Map<String, Object> args = new LinkedHashMap<>();
            args.put("method", body == null ? "GET" : "POST");
            args.put("resource", "/api/queue/v1/pending/prov%2Fworker?limit=5");
            args.put("host", "localhost");
            args.put("port", 8080);
            args.put("authorization", header);
            args.put("keys", Map.of(creds.clientId(), creds.accessToken()));
            if (body != null) {
                args.put("payload", body);
                args.put("contentType", "application/json");
            }
            JsonNode verdict = node.call("hawkAuthenticate", args);
            assertThat(verdict.get("ok").asBoolean()).as("hawk says %s", verdict).isTrue();
            assertThat(verdict.get("id").asText()).isEqualTo(creds.clientId());
            // and Taskgate agrees
            assertThat(auth.authenticate(new HawkRequest(body == null ? "GET" : "POST",
                    "/api/queue/v1/pending/prov%2Fworker?limit=5", "localhost", 8080), header, payload).clientId())
                    .isEqualTo(creds.clientId());
        }
    }

    @Test
    void javaMintedCredentials_workThroughTaskclusterClient() throws Exception {
        Certificate.Minted minted = Certificate.mint(ISSUER, ISSUER_TOKEN, Optional.empty(), List.of("queue:b"),
                Instant.now(), Instant.now().plus(Duration.ofHours(1)), new SecureRandom());
        JsonNode captured = node.call("clientRequest", Map.of("credentials",
                NodeOracle.creds(minted.clientId(), minted.accessToken(), minted.certificate()), "call", "currentScopes"));
        assertThat(verifyCaptured(captured).scopes()).contains("queue:b");
    }
}
