package io.taskgate.server.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskgate.hawk.HawkAuthenticator;
import io.taskgate.hawk.HawkSigner;
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
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Taskgate started in-process on a free loopback port with its embedded store, and a Hawk-signing HTTP client for it. */
final class TestServer implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final Taskgate taskgate;
    final String console;
    final String rootToken;
    private final HawkSigner signer = new HawkSigner(Clock.systemUTC(), new SecureRandom());

    TestServer(Path dir, String staticClients) throws Exception {
        this(dir, staticClients == null ? Map.of() : Map.of("TASKGATE_STATIC_CLIENTS", staticClients), Clock.systemUTC());
    }

    /** A server configured by {@code env} (as the environment would), on {@code clock}. */
    TestServer(Path dir, Map<String, String> env, Clock clock) throws Exception {
        Config config = Config.of("127.0.0.1", 0, dir, env);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        taskgate = Taskgate.start(config, clock, new PrintStream(out, true, StandardCharsets.UTF_8));
        console = out.toString(StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("shown only this once:\\n  (\\S+)").matcher(console);
        rootToken = m.find() ? m.group(1) : null;
    }

    /** An answer: status, JSON body (or null), and the raw response. */
    record Answer(int status, JsonNode body, HttpResponse<String> raw) {

        String code() {
            return body.get("code").asText();
        }

        String message() {
            return body.get("message").asText();
        }
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + taskgate.port() + path);
    }

    static final String ROOT = "static/taskgate/root";

    HawkSigner.Credentials root() {
        return HawkSigner.Credentials.permanent(ROOT, rootToken);
    }

    Answer send(String method, String path, String body, HawkSigner.Credentials creds) throws Exception {
        URI uri = url(path);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (creds != null) {
            b.header("Authorization", signer.header(creds, method, uri, body == null ? Optional.empty()
                    : Optional.of(new HawkAuthenticator.Payload("application/json", body.getBytes(StandardCharsets.UTF_8)))));
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body().isEmpty() ? null : JSON.readTree(r.body()), r);
    }

    /** Sends a request with {@code Authorization: Bearer <token>} (no header when the token is null). */
    Answer sendBearer(String method, String path, String body, String token) throws Exception {
        return sendAuthorization(method, path, body, token == null ? null : "Bearer " + token);
    }

    /** Sends a request with the given {@code Authorization} header (none when null). */
    Answer sendAuthorization(String method, String path, String body, String authorization) throws Exception {
        return sendAuthorization(method, path, body, authorization, null, null);
    }

    /** Sends a request with any of an {@code Authorization} header, a {@code Cookie} header and a CSRF token. */
    Answer sendAuthorization(String method, String path, String body, String authorization, String cookie, String csrf) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(url(path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        if (csrf != null) {
            b.header("X-CSRF-TOKEN", csrf);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body().isEmpty() ? null : JSON.readTree(r.body()), r);
    }

    /** Signs in with {@code /api/login}; returns the {@code Cookie} header value and the CSRF token. */
    String[] login(String username, String password) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(url("/api/login?username=" + username + "&password=" + password))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 204) {
            throw new AssertionError("login failed: " + r.body());
        }
        String cookie = r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("TASKGATE-SESSION="))
                .map(c -> c.substring(0, c.indexOf(';'))).findFirst().orElseThrow();
        return new String[] {cookie, r.headers().firstValue("X-CSRF-TOKEN").orElseThrow()};
    }

    /** Posts a form to the token endpoint, with an optional {@code Authorization} header. */
    Answer postToken(String form, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(url("/oauth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body().isEmpty() ? null : JSON.readTree(r.body()), r);
    }

    /** A client-credentials access token for a client, by client_secret_post. */
    String accessToken(String clientId, String secret, String extraForm) throws Exception {
        Answer a = postToken("grant_type=client_credentials&client_id=" + java.net.URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                + "&client_secret=" + java.net.URLEncoder.encode(secret, StandardCharsets.UTF_8) + extraForm, null);
        if (a.status() != 200) {
            throw new AssertionError("token request failed: " + a.raw().body());
        }
        return a.body().get("access_token").asText();
    }

    Answer send(String method, String path, Object body, HawkSigner.Credentials creds) throws Exception {
        return send(method, path, JSON.writeValueAsString(body), creds);
    }

    @Override
    public void close() {
        taskgate.close();
    }
}
