package io.taskgate.server.login;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskgate.server.oauth.BoundedHttp;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An upstream OpenID Provider's endpoints, read from its discovery document (OpenID Connect
 * Discovery §4), which must name exactly the configured issuer (§4.3), accept PKCE with S256 and
 * client_secret_basic when it lists what it accepts, and keep to https unless the issuer is a
 * local http one. The document is read on first use and reused for {@link #TIME_TO_LIVE}; when a
 * refresh fails the last good copy stays in use, and a provider that cannot be read is tried again
 * at most once per {@link #RETRY_INTERVAL}, however many people press its button.
 */
final class UpstreamDiscovery {

    /** How long the discovery document is used before it is read again. */
    static final Duration TIME_TO_LIVE = Duration.ofHours(1);
    /** The least time between two attempts to read a document that could not be read. */
    static final Duration RETRY_INTERVAL = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamDiscovery.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where to send the browser, and where to redeem the code; {@code read} is when the document was read. */
    record Endpoints(URI authorization, URI token, Instant read) {}

    private final UpstreamOidcSettings settings;
    private final HttpClient http;
    private final Clock clock;
    private final ReentrantLock reading = new ReentrantLock(); // not a monitor: virtual threads wait without pinning
    private volatile Endpoints endpoints;
    private Instant failed = Instant.EPOCH; // guarded by reading

    UpstreamDiscovery(UpstreamOidcSettings settings, HttpClient http, Clock clock) {
        this.settings = settings;
        this.http = http;
        this.clock = clock;
    }

    /**
     * The endpoints, read now if there is no fresh copy.
     *
     * @throws UpstreamOidc.Failed when there is no copy at all and the document cannot be read
     */
    Endpoints endpoints() {
        Endpoints e = endpoints;
        Instant now = clock.instant();
        if (fresh(e, now)) {
            return e;
        }
        reading.lock();
        try {
            e = endpoints;
            if (fresh(e, now)) {
                return e; // another thread read it meanwhile
            }
            if (now.isBefore(failed.plus(RETRY_INTERVAL))) {
                return orUnavailable(e);
            }
            try {
                endpoints = read(now);
                return endpoints;
            } catch (IOException | RuntimeException ex) {
                failed = now;
                LOG.warn("Cannot read the OpenID configuration of {} ({}): {}{}", settings.name(), settings.issuer(), ex.getMessage(),
                        e == null ? "" : "; keeping the copy read at " + e.read());
                return orUnavailable(e);
            }
        } finally {
            reading.unlock();
        }
    }

    private static boolean fresh(Endpoints e, Instant now) {
        return e != null && now.isBefore(e.read().plus(TIME_TO_LIVE));
    }

    private Endpoints orUnavailable(Endpoints e) {
        if (e == null) {
            throw new UpstreamOidc.Failed("Sign-in with " + settings.displayName()
                    + " is not available right now; please try again later.");
        }
        return e;
    }

    private Endpoints read(Instant now) throws IOException {
        URI uri = URI.create(settings.issuer().replaceAll("/+$", "") + "/.well-known/openid-configuration");
        HttpRequest get = HttpRequest.newBuilder(uri).timeout(UpstreamOidc.DEADLINE).header("Accept", "application/json").GET().build();
        BoundedHttp.Answer answer = BoundedHttp.send(http, get, UpstreamOidc.DEADLINE, UpstreamOidc.MAX_DOCUMENT);
        if (answer.status() != 200) {
            throw new IOException("the discovery document answered HTTP " + answer.status());
        }
        JsonNode doc = JSON.readTree(answer.body());
        String claimed = doc.path("issuer").asText("");
        if (!claimed.equals(settings.issuer())) {
            throw new IOException("the discovery document names issuer '" + claimed + "', not '" + settings.issuer() + "'");
        }
        if (!listsOrOmits(doc, "code_challenge_methods_supported", "S256")) {
            throw new IOException("the provider does not support PKCE with S256");
        }
        // Omitted means client_secret_basic (Discovery §3).
        if (!listsOrOmits(doc, "token_endpoint_auth_methods_supported", "client_secret_basic")) {
            throw new IOException("the provider does not accept client_secret_basic at its token endpoint");
        }
        return new Endpoints(endpoint(doc, "authorization_endpoint"), endpoint(doc, "token_endpoint"), now);
    }

    private static boolean listsOrOmits(JsonNode doc, String field, String value) {
        JsonNode list = doc.get(field);
        if (list == null || !list.isArray()) {
            return true;
        }
        for (JsonNode item : list) {
            if (value.equals(item.asText())) {
                return true;
            }
        }
        return false;
    }

    /** An endpoint from the document: absolute, and https unless the issuer itself is a local http one. */
    private URI endpoint(JsonNode doc, String field) throws IOException {
        boolean local = settings.issuer().startsWith("http:"); // the settings allow http for localhost only
        JsonNode value = doc.get(field);
        URI uri;
        try {
            uri = value != null && value.isTextual() ? new URI(value.asText()) : null;
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null || !("https".equals(uri.getScheme()) || local && "http".equals(uri.getScheme()))) {
            throw new IOException("the discovery document's " + field + " is missing or not an " + (local ? "http(s)" : "https") + " URL");
        }
        return uri;
    }
}
