package io.taskgate.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskgate.hawk.HawkAuthenticator;
import io.taskgate.hawk.HawkSigner;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code openid-client} and {@code jose} from npm against Taskgate's issuer: discovery, a
 * client-credentials grant with either client authentication, verification against the JWKS, and
 * the token then used as a Bearer token on the API.
 */
class OidcClientInteropTest {

    private static final String CLIENT = "project/oidc/interop";
    private static final List<String> CLIENT_SCOPES = List.of("auth:current-scopes", "queue:create-task:highest:oidc/*");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;

    private static Taskgate server;
    private static OidcScript oidc;
    private static String issuer;
    private static String secret;

    @BeforeAll
    static void start() throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        server = Taskgate.start(Config.of("127.0.0.1", 0, dir.resolve("data"), Map.of()), Clock.systemUTC(),
                new PrintStream(console, true, StandardCharsets.UTF_8));
        issuer = server.publicUrl();
        Matcher root = Pattern.compile("shown only this once:\\n  (\\S+)").matcher(console.toString(StandardCharsets.UTF_8));
        assertThat(root.find()).as("the root token on the console").isTrue();
        secret = createClient(HawkSigner.Credentials.permanent("static/taskgate/root", root.group(1)));
        oidc = new OidcScript(dir);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A client made through the auth API, as an operator would; its accessToken is the OAuth client_secret. */
    private static String createClient(HawkSigner.Credentials root) throws Exception {
        URI uri = URI.create(issuer + "/api/auth/v1/clients/" + CLIENT.replace("/", "%2F"));
        String body = JSON.writeValueAsString(Map.of("expires", Instant.now().plus(Duration.ofDays(1)).toString(),
                "description", "openid-client interop", "scopes", CLIENT_SCOPES));
        String hawk = new HawkSigner(Clock.systemUTC(), new SecureRandom()).header(root, "PUT", uri,
                Optional.of(new HawkAuthenticator.Payload("application/json", body.getBytes(StandardCharsets.UTF_8))));
        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(uri).header("Authorization", hawk)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        return JSON.readTree(created.body()).get("accessToken").asText();
    }

    private static Map<String, Object> grant(String auth, String clientSecret) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("issuer", issuer);
        input.put("clientId", CLIENT);
        input.put("clientSecret", clientSecret);
        input.put("auth", auth);
        return input;
    }

    /** The scopes {@code GET /scopes/current} reports for a request bearing {@code token}. */
    private static List<String> currentScopes(String token) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(issuer + "/api/auth/v1/scopes/current"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<String> scopes = new ArrayList<>();
        JSON.readTree(r.body()).get("scopes").forEach(s -> scopes.add(s.asText()));
        return scopes;
    }

    /** What every token from this issuer must show once jose has verified it against the JWKS. */
    private static void assertVerifiedToken(JsonNode result, String audience) {
        JsonNode discovered = result.get("discovered");
        assertThat(discovered.get("issuer").asText()).isEqualTo(issuer);
        assertThat(discovered.get("token_endpoint").asText()).isEqualTo(issuer + "/oauth/token");
        assertThat(discovered.get("jwks_uri").asText()).isEqualTo(issuer + "/oauth/jwks");
        // openid-client lower-cases token_type; the server sends "Bearer".
        assertThat(result.get("token_type").asText()).isEqualTo("bearer");
        assertThat(result.get("expires_in").asInt()).isEqualTo(300);

        JsonNode header = result.get("protectedHeader");
        assertThat(header.get("typ").asText()).isEqualTo("at+jwt");
        assertThat(header.get("alg").asText()).isEqualTo("ES256");
        assertThat(header.path("kid").asText()).isNotBlank();

        JsonNode payload = result.get("payload");
        assertThat(payload.get("iss").asText()).isEqualTo(issuer);
        List<String> aud = new ArrayList<>();
        if (payload.get("aud").isArray()) {
            payload.get("aud").forEach(a -> aud.add(a.asText()));
        } else {
            aud.add(payload.get("aud").asText());
        }
        assertThat(aud).contains(audience);
        assertThat(payload.get("client_id").asText()).isEqualTo(CLIENT);
        assertThat(payload.get("exp").asLong() - payload.get("iat").asLong()).isEqualTo(300);
    }

    @Test
    void basicAuth_withAnAudience_givesAVerifiedTokenThatTheApiAccepts() throws Exception {
        Map<String, Object> input = grant("basic", secret);
        input.put("audience", "tasklist-api");
        OidcScript.Result result = oidc.run(input);
        assertThat(result.ok()).as("%s", result.json()).isTrue();
        assertVerifiedToken(result.json(), "tasklist-api");

        // No scope asked for: the token stands for all the client has, and nothing more.
        assertThat(currentScopes(result.json().get("access_token").asText()))
                .containsExactlyInAnyOrder("assume:anonymous", CLIENT_SCOPES.get(0), CLIENT_SCOPES.get(1));
    }

    @Test
    void postAuth_withAScopeTheClientHolds_givesATokenCarryingExactlyThatScope() throws Exception {
        String scope = "auth:current-scopes queue:create-task:highest:oidc/a";
        Map<String, Object> input = grant("post", secret);
        input.put("scope", scope);
        OidcScript.Result result = oidc.run(input);
        assertThat(result.ok()).as("%s", result.json()).isTrue();
        assertVerifiedToken(result.json(), "tasklist-api"); // no audience asked for: the configured default
        assertThat(result.json().get("scope").asText()).isEqualTo(scope);
        assertThat(result.json().get("payload").get("scope").asText()).isEqualTo(scope);

        // Narrowed: the client's wider queue scope is not in what the token may do.
        assertThat(currentScopes(result.json().get("access_token").asText()))
                .containsExactlyInAnyOrder("assume:anonymous", "auth:current-scopes", "queue:create-task:highest:oidc/a");
    }

    @Test
    void wrongSecret_failsWithInvalidClient_underBasicAuth() throws Exception {
        OidcScript.Result result = oidc.run(grant("basic", secret + "x"));
        assertThat(result.exitCode()).isEqualTo(1);
        JsonNode error = result.json();
        // RFC 6749 §5.2 requires a Basic challenge here; openid-client reports the challenge, not the body.
        assertThat(error.get("name").asText()).as("%s", error).isEqualTo("WWWAuthenticateChallengeError");
        assertThat(error.get("status").asInt()).isEqualTo(401);
        assertThat(error.get("challenges").get(0).get("scheme").asText()).isEqualTo("basic");
        assertThat(error.get("oauthError").asText()).isEqualTo("invalid_client");
        assertThat(error.get("error").asText()).contains("invalid_client");
    }

    @Test
    void wrongSecret_failsWithInvalidClient_underPostAuth() throws Exception {
        OidcScript.Result result = oidc.run(grant("post", secret + "x"));
        assertThat(result.exitCode()).isEqualTo(1);
        JsonNode error = result.json();
        assertThat(error.get("name").asText()).as("%s", error).isEqualTo("ResponseBodyError");
        assertThat(error.get("status").asInt()).isEqualTo(401);
        assertThat(error.get("oauthError").asText()).isEqualTo("invalid_client");
        assertThat(error.get("error").asText()).contains("invalid_client");
    }

    @Test
    void discoveryAtAnotherAddressOfTheServer_failsTheIssuerCheck() throws Exception {
        // The metadata names the configured public URL, not whatever Host the request came with.
        Map<String, Object> input = grant("basic", secret);
        input.put("issuer", "http://127.0.0.1:" + server.port());
        OidcScript.Result result = oidc.run(input);
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.json().get("error").asText()).isEqualTo("discovered metadata issuer does not match the expected issuer");
    }
}
