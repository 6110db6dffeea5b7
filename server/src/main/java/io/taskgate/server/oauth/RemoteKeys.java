package io.taskgate.server.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An external issuer's public keys: discovered from its metadata, fetched from its {@code jwks_uri},
 * and cached.
 * <ul>
 *   <li>Keys older than {@link #TIME_TO_LIVE} are refreshed in the background while requests go on
 *       using them.
 *   <li>A token with a kid not in the cache waits for a refetch, at most once per
 *       {@link #MIN_REFRESH_INTERVAL}, so a flood of bad tokens cannot hammer the IdP.
 *   <li>A failed fetch keeps the last good keys, so an IdP outage does not stop valid tokens; it
 *       also forgets {@code jwks_uri}, which the next attempt discovers again.
 *   <li>One fetch runs at a time, and takes at most {@link #DEADLINE}, body included.
 * </ul>
 */
public final class RemoteKeys implements JWKSource<SecurityContext> {

    /** How long fetched keys are used before they are refetched in the ordinary way. */
    public static final Duration TIME_TO_LIVE = Duration.ofMinutes(5);
    /** The least time between two fetches, however many unknown kids arrive. */
    public static final Duration MIN_REFRESH_INTERVAL = Duration.ofSeconds(10);
    /** The longest one fetch (discovery and keys) may take. */
    static final Duration DEADLINE = Duration.ofSeconds(10);
    /** The largest metadata or JWKS document read. */
    static final int MAX_DOCUMENT = 512 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(RemoteKeys.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String issuer;
    private final HttpClient http;
    private final Clock clock;
    private final ReentrantLock fetching = new ReentrantLock(); // not a monitor: virtual threads wait without pinning
    private volatile JWKSet keys;
    private volatile Instant fetched = Instant.EPOCH;
    private Instant attempted = Instant.EPOCH; // guarded by fetching
    private URI jwksUri; // guarded by fetching

    public RemoteKeys(String issuer, HttpClient http, Clock clock) {
        this.issuer = issuer;
        this.http = http;
        this.clock = clock;
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) {
        JWKSet current = keys;
        if (current != null && clock.instant().isAfter(fetched.plus(TIME_TO_LIVE))) {
            Thread.ofVirtual().name("jwks-refresh").start(() -> refresh(current, false));
        }
        List<JWK> found = current == null ? List.of() : selector.select(current);
        if (found.isEmpty()) {
            JWKSet again = refresh(current, true);
            found = again == null ? List.of() : selector.select(again);
        }
        return found;
    }

    /**
     * Fetches the keys again unless another thread just did, one is under way (when not
     * {@code wait}ing for it), or the rate limit says not yet; returns the keys to use.
     */
    private JWKSet refresh(JWKSet seen, boolean wait) {
        try {
            if (wait ? !fetching.tryLock(2 * DEADLINE.toMillis(), TimeUnit.MILLISECONDS) : !fetching.tryLock()) {
                return keys;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return keys;
        }
        try {
            if (keys != seen) {
                return keys; // another thread refreshed while this one waited
            }
            Instant now = clock.instant();
            if (now.isBefore(attempted.plus(MIN_REFRESH_INTERVAL))) {
                return keys;
            }
            attempted = now;
            try {
                if (jwksUri == null) {
                    jwksUri = discover();
                }
                keys = JWKSet.parse(fetch(jwksUri));
                fetched = now;
            } catch (IOException | ParseException | RuntimeException e) {
                jwksUri = null;
                LOG.warn("Cannot fetch the keys of issuer {}: {}; {}", issuer, e.getMessage(),
                        keys == null ? "its tokens are refused until a fetch succeeds" : "keeping the last keys fetched");
            }
            return keys;
        } finally {
            fetching.unlock();
        }
    }

    /** Reads {@code jwks_uri} from the issuer's metadata, checking that the metadata is the issuer's own. */
    private URI discover() throws IOException {
        JsonNode metadata = JSON.readTree(fetch(URI.create(issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration")));
        String claimed = Optional.ofNullable(metadata.get("issuer")).map(JsonNode::asText).orElse("");
        if (!claimed.equals(issuer)) {
            throw new IOException("its metadata names issuer '" + claimed + "'");
        }
        JsonNode uri = metadata.get("jwks_uri");
        if (uri == null || !uri.isTextual()) {
            throw new IOException("its metadata has no jwks_uri");
        }
        return URI.create(uri.asText());
    }

    /** GETs a document within the deadline and the size limit. */
    private String fetch(URI uri) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(DEADLINE).header("Accept", "application/json").GET().build();
        BoundedHttp.Answer answer = BoundedHttp.send(http, request, DEADLINE, MAX_DOCUMENT);
        if (answer.status() != 200) {
            throw new IOException(BoundedHttp.where(uri) + " answered " + answer.status());
        }
        return answer.body();
    }
}
