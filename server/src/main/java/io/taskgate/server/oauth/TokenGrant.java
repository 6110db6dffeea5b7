package io.taskgate.server.oauth;

import io.taskgate.hawk.HawkAuthenticator;
import io.taskgate.hawk.HawkException;
import io.taskgate.server.http.OAuthError;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Decides what token a client-credentials request gets: who the client is (its secret checked in
 * constant time), the audiences, the scopes, and the expiry. It signs nothing; {@link AccessTokenIssuer} does.
 */
public final class TokenGrant {

    /** What the token will say. {@code scopes} is {@code [assume:client:<id>]} when the client asked for all it has. */
    public record Decision(String clientId, List<String> audiences, List<String> scopes, Instant issued, Instant expires) {}

    /** The scope a token carries when the client asked for no scope: all the client's scopes, looked up at use time. */
    public static String allOf(String clientId) {
        return "assume:client:" + clientId;
    }

    private static final byte[] NO_SECRET = new byte[44];

    private final HawkAuthenticator.Clients clients;
    private final TokenSettings settings;
    private final Clock clock;

    public TokenGrant(HawkAuthenticator.Clients clients, TokenSettings settings, Clock clock) {
        this.clients = clients;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Decides, or fails with an RFC 6749 error. Every client failure gives the same
     * {@code invalid_client}, so the answer never says whether a clientId exists.
     */
    public Decision decide(ClientCredentialsRequest request) {
        HawkAuthenticator.Issuer client = authenticate(request);
        for (String audience : request.audiences()) {
            if (!settings.audiences().contains(audience)) {
                throw new OAuthError(400, "invalid_target", "audience '" + audience + "' is not one this server issues tokens for");
            }
        }
        List<String> audiences = request.audiences().isEmpty() ? List.of(settings.defaultAudience())
                : request.audiences().stream().distinct().toList();
        List<String> scopes = request.scopes().orElse(List.of(allOf(client.clientId())));
        if (request.scopes().isPresent()) {
            List<String> missing = scopes.stream().filter(s -> !client.scopes().satisfies(s)).toList();
            if (!missing.isEmpty()) {
                throw new OAuthError(400, "invalid_scope", "the client does not have the requested scope(s): " + String.join(" ", missing));
            }
        }
        Instant now = clock.instant();
        Instant expires = now.plus(settings.lifetime());
        if (client.expires().isBefore(expires)) {
            expires = client.expires(); // a token never outlives its client
        }
        return new Decision(client.clientId(), audiences, scopes, now, expires);
    }

    /**
     * The token for a client just made for an app (the authorization code grant): it stands for
     * everything the client holds, for the default audience, and never outlives the client.
     */
    public Decision forClient(String clientId, Instant clientExpires) {
        Instant now = clock.instant();
        Instant expires = now.plus(settings.lifetime());
        return new Decision(clientId, List.of(settings.defaultAudience()), List.of(allOf(clientId)), now,
                clientExpires.isBefore(expires) ? clientExpires : expires);
    }

    private HawkAuthenticator.Issuer authenticate(ClientCredentialsRequest request) {
        byte[] presented = request.secret().getBytes(StandardCharsets.UTF_8);
        HawkAuthenticator.Issuer client;
        try {
            client = clients.load(request.clientId());
        } catch (HawkException unknownDisabledOrExpired) {
            MessageDigest.isEqual(presented, NO_SECRET); // the same work as a real comparison
            throw invalidClient(request);
        }
        if (!MessageDigest.isEqual(presented, client.accessToken().getBytes(StandardCharsets.UTF_8))) {
            throw invalidClient(request);
        }
        return client;
    }

    private static OAuthError invalidClient(ClientCredentialsRequest request) {
        return new OAuthError(401, "invalid_client", "Client authentication failed",
                request.basic() ? Map.of("WWW-Authenticate", "Basic realm=\"taskgate\"") : Map.of());
    }
}
