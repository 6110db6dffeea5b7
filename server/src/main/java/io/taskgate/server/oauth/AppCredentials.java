package io.taskgate.server.oauth;

import io.taskgate.server.identity.Audit;
import io.taskgate.server.identity.Client;
import io.taskgate.server.identity.ClientStore;
import io.taskgate.server.identity.IdentityCache;
import io.taskgate.server.identity.StaticClients;
import io.taskgate.server.login.LoginIdentity;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * Makes the credentials an app gets at the end of the authorization code flow: a new client
 * {@code <identity>/<appId>-<random>} in the person's name, holding the granted scopes, that
 * deletes itself when it expires. Being a client of its own, it shows in the person's list of
 * clients, and deleting it (or disabling it) revokes the grant and every token made from it.
 */
public final class AppCredentials {

    /** Credentials just made. */
    public record Minted(String clientId, String accessToken, List<String> scopes, Instant expires) {
        @Override
        public String toString() {
            return "Minted[" + clientId + ", scopes=" + scopes + ", expires=" + expires + ", accessToken=(hidden)]";
        }
    }

    private final ClientStore clients;
    private final IdentityCache identities;
    private final Clock clock;
    private final SecureRandom random;

    public AppCredentials(ClientStore clients, IdentityCache identities, Clock clock, SecureRandom random) {
        this.clients = clients;
        this.identities = identities;
        this.clock = clock;
        this.random = random;
    }

    /** A new client for what {@code decision} grants, expiring after the app's maximum lifetime. */
    public Minted create(CodeGrant.Decision decision) {
        OAuthApp app = decision.app();
        LoginIdentity who = decision.identity();
        Instant now = clock.instant();
        Instant expires = now.plus(app.maxLifetime());
        String clientId = who.identity() + "/" + app.clientId() + "-" + suffix();
        String description = "Credentials for the app " + app.name() + " (" + app.clientId() + "), allowed by " + who.identity()
                + " through the authorization code flow. Delete this client to revoke them.";
        Client client = new Client(clientId, description, StaticClients.newAccessToken(random), decision.scopes(), expires, now, now, now,
                now, true, false);
        clients.create(client, Audit.ofClient(clientId, who.identity(), "created", now));
        identities.reload();
        return new Minted(clientId, client.accessToken(), client.scopes(), expires);
    }

    /** Deletes a client made from a code that was replayed: the code, and so the client, may be in other hands. */
    public void revoke(String clientId, String appId) {
        if (clients.delete(clientId, Audit.ofClient(clientId, "oauth-app/" + appId, "deleted", clock.instant()))) {
            identities.reload();
        }
    }

    /** 96 random bits: enough that two grants never collide, short enough to read in a list of clients. */
    private String suffix() {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
