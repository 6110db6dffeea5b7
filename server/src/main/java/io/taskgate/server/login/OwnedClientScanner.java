package io.taskgate.server.login;

import io.taskgate.hawk.HawkAuthenticator;
import io.taskgate.scopes.ScopeSet;
import io.taskgate.server.identity.Audit;
import io.taskgate.server.identity.Client;
import io.taskgate.server.identity.ClientStore;
import io.taskgate.server.identity.IdentityCache;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background job that keeps people's own clients within what the people hold, as Taskcluster's
 * login-identity scanner does. A client named {@code <provider>/<encoded name>/…} belongs to that
 * login identity; when the owner is gone, disabled, or no longer holds every scope the client's
 * scopes expand to, the client is disabled (never deleted, so its owner can see why and fix it).
 * A source that cannot answer is skipped for this run: an outage must not disable anyone's clients.
 */
public final class OwnedClientScanner implements Runnable {

    /** How a source tells who one of its people is now: empty when they are gone. */
    @FunctionalInterface
    public interface Owners {
        /** @throws RuntimeException when the source cannot answer now */
        Optional<LoginIdentity> current(String name);
    }

    private static final Logger LOG = LoggerFactory.getLogger(OwnedClientScanner.class);
    static final String WHO = "login-identity-scanner";

    private final ClientStore clients;
    private final IdentityCache identities;
    private final Map<String, Owners> sources;
    private final Clock clock;

    /** {@code sources} maps each provider name to how it finds its people. */
    public OwnedClientScanner(ClientStore clients, IdentityCache identities, Map<String, Owners> sources, Clock clock) {
        this.clients = clients;
        this.identities = identities;
        this.sources = Map.copyOf(sources);
        this.clock = clock;
    }

    @Override
    public void run() {
        try {
            int disabled = scan();
            if (disabled > 0) {
                LOG.info("disabled {} clients whose scopes exceed their owner's", disabled);
            }
        } catch (RuntimeException e) {
            LOG.error("scanning login-identity clients failed; the next run tries again", e);
        }
    }

    /** One pass; returns how many clients it disabled. */
    public int scan() {
        Instant now = clock.instant();
        Map<String, Optional<ScopeSet>> owners = new HashMap<>();
        Set<String> unavailable = new HashSet<>();
        int disabled = 0;
        for (Client c : clients.all()) {
            String[] parts = c.clientId().split("/", 3);
            if (c.disabled() || parts.length < 3 || !sources.containsKey(parts[0]) || unavailable.contains(parts[0])) {
                continue;
            }
            String identity = parts[0] + "/" + parts[1];
            Optional<ScopeSet> owner;
            try {
                owner = owners.computeIfAbsent(identity, id -> sources.get(parts[0]).current(LoginIdentity.decode(parts[1]))
                        .map(who -> identities.expand(HawkAuthenticator.withAnonymous(who.scopes()))));
            } catch (RuntimeException e) {
                LOG.warn("source {} could not answer; its people's clients are checked next time: {}", parts[0], e.getMessage());
                unavailable.add(parts[0]);
                continue;
            }
            ScopeSet needed = identities.expand(c.scopes());
            if (owner.isPresent() && owner.get().satisfiesAll(needed)) {
                continue;
            }
            Client off = new Client(c.clientId(), c.description(), c.accessToken(), c.scopes(), c.expires(), c.created(), now,
                    c.lastDateUsed(), c.lastRotated(), c.deleteOnExpiration(), true);
            if (clients.update(off, Audit.ofClient(c.clientId(), WHO, "disabled", now))) {
                LOG.info("disabled client {}: {}", c.clientId(), owner.isEmpty() ? "its owner " + identity + " is gone"
                        : "its scopes exceed those of " + identity);
                disabled++;
            }
        }
        if (disabled > 0) {
            identities.reload();
        }
        return disabled;
    }
}
