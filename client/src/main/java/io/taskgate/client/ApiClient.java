package io.taskgate.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskgate.hawk.HawkAuthenticator;
import io.taskgate.hawk.HawkSigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Signed JSON requests to one service of a Taskgate (or Taskcluster) deployment, by its rootUrl. */
final class ApiClient {

    static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final Optional<Credentials> credentials;
    private final Optional<List<String>> authorizedScopes;
    private final HawkSigner signer;
    private final HttpClient http;

    ApiClient(String rootUrl, String service, Optional<Credentials> credentials, Optional<List<String>> authorizedScopes, Clock clock) {
        this.base = rootUrl.replaceAll("/+$", "") + "/api/" + service + "/v1";
        this.credentials = credentials;
        this.authorizedScopes = authorizedScopes;
        this.signer = new HawkSigner(clock, new SecureRandom());
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** Sends a request; a JSON body for 2xx (null when empty), a {@link TaskgateException} otherwise. */
    JsonNode call(String method, String path, Object body) {
        URI uri = URI.create(base + path);
        try {
            byte[] payload = body == null ? null : JSON.writeValueAsBytes(body);
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .method(method, payload == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(payload));
            if (payload != null) {
                b.header("Content-Type", "application/json");
            }
            credentials.ifPresent(c -> b.header("Authorization", signer.header(c.forSigning(authorizedScopes), method, uri,
                    payload == null ? Optional.empty() : Optional.of(new HawkAuthenticator.Payload("application/json", payload)))));
            HttpResponse<byte[]> response = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            JsonNode json = response.body().length == 0 ? null : JSON.readTree(response.body());
            if (response.statusCode() >= 300) {
                throw new TaskgateException(response.statusCode(), json != null && json.has("code") ? json.get("code").asText() : "Unknown",
                        json != null && json.has("message") ? json.get("message").asText() : "HTTP " + response.statusCode());
            }
            return json;
        } catch (IOException e) {
            throw new UncheckedIOException("request to " + uri + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling " + uri, e);
        }
    }

    /** A GET URL signed with a bewit, valid for {@code ttl}. */
    URI signedUrl(String path, Duration ttl) {
        Credentials c = credentials.orElseThrow(() -> new IllegalStateException("a signed URL needs credentials"));
        return signer.signedUrl(c.forSigning(authorizedScopes), URI.create(base + path), ttl);
    }
}
