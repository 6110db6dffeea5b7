package io.taskgate.hawk;

import io.taskgate.scopes.Json;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Signs requests as {@code taskcluster-client} does: a Hawk header with an ext that carries the
 * certificate of temporary credentials and any authorizedScopes, or a bewit for a signed URL.
 */
public final class HawkSigner {

    /** Credentials to sign with: permanent, or temporary with their certificate (JSON text). */
    public record Credentials(String clientId, String accessToken, Optional<String> certificate,
            Optional<List<String>> authorizedScopes) {

        public static Credentials permanent(String clientId, String accessToken) {
            return new Credentials(clientId, accessToken, Optional.empty(), Optional.empty());
        }

        /** The same credentials narrowed to {@code scopes}. */
        public Credentials authorizedScopes(List<String> scopes) {
            return new Credentials(clientId, accessToken, certificate, Optional.of(List.copyOf(scopes)));
        }

        /** The ext these credentials send, or empty when they need none. */
        Optional<String> ext() {
            if (certificate.isEmpty() && authorizedScopes.isEmpty()) {
                return Optional.empty();
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> cert = certificate.map(c -> (Map<String, Object>) Json.parse(c)).orElse(null);
            return Optional.of(Ext.encode(cert, authorizedScopes.orElse(null)));
        }
    }

    private final Clock clock;
    private final SecureRandom random;

    public HawkSigner(Clock clock, SecureRandom random) {
        this.clock = clock;
        this.random = random;
    }

    /** The Authorization header for a request; {@code payload} adds the payload hash. */
    public String header(Credentials credentials, String method, URI uri, Optional<HawkAuthenticator.Payload> payload) {
        String ts = Long.toString(clock.instant().getEpochSecond());
        byte[] nonceBytes = new byte[6];
        random.nextBytes(nonceBytes);
        String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(nonceBytes);
        Optional<String> hash = payload.map(p -> Hawk.payloadHash(p.contentType(), p.body()));
        Optional<String> ext = credentials.ext();
        String mac = Hawk.mac(credentials.accessToken(), Hawk.Type.HEADER, ts, nonce, method, resource(uri), uri.getHost(),
                port(uri), hash.orElse(null), ext.orElse(null));
        return new HawkHeader(credentials.clientId(), ts, nonce, hash, ext, mac).toHeaderValue();
    }

    /** A signed URL for GET: the URL with a {@code bewit} parameter valid for {@code ttl}. */
    public URI signedUrl(Credentials credentials, URI uri, Duration ttl) {
        long exp = clock.instant().plus(ttl).getEpochSecond();
        String bewit = Bewit.create(credentials.clientId(), credentials.accessToken(), resource(uri), uri.getHost(),
                port(uri), exp, credentials.ext().orElse(null));
        String s = uri.toString();
        return URI.create(s + (uri.getRawQuery() == null ? "?" : "&") + "bewit=" + bewit);
    }

    static String resource(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }

    static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
