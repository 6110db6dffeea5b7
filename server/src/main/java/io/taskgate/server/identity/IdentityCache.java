package io.taskgate.server.identity;

import io.taskgate.hawk.HawkAuthenticator;
import io.taskgate.hawk.HawkException;
import io.taskgate.scopes.Role;
import io.taskgate.scopes.RoleResolver;
import io.taskgate.scopes.ScopeSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Clients and roles in memory, so that a request reads nothing from the store: one immutable
 * snapshot of every client and the role resolver, swapped whole when something changes. Each
 * client's expanded scopes are computed on first use and kept until the next swap.
 */
public final class IdentityCache implements HawkAuthenticator.Clients {

    /** How stale {@code lastDateUsed} may get: it is written at most this often per client. */
    public static final Duration LAST_USED_RESOLUTION = Duration.ofHours(6);

    private record Snapshot(Map<String, Client> clients, RoleResolver resolver,
            Map<String, HawkAuthenticator.Issuer> issuers) {}

    private final ClientStore clients;
    private final RoleStore roles;
    private final Clock clock;
    private final Executor background;
    private final Map<String, Instant> lastUseWritten = new ConcurrentHashMap<>();
    private volatile Snapshot snapshot;

    public IdentityCache(ClientStore clients, RoleStore roles, Clock clock, Executor background) {
        this.clients = clients;
        this.roles = roles;
        this.clock = clock;
        this.background = background;
        reload();
    }

    /** Reads every client and role from the store again. Callers hold no lock; the swap is atomic. */
    public synchronized void reload() {
        List<Role> all = new ArrayList<>();
        for (StoredRole role : roles.all()) {
            all.add(role.role());
        }
        Map<String, Client> byId = new HashMap<>();
        for (Client client : clients.all()) {
            byId.put(client.clientId(), client);
        }
        snapshot = new Snapshot(Map.copyOf(byId), RoleResolver.build(all), new ConcurrentHashMap<>());
    }

    /** The current resolver. */
    public RoleResolver resolver() {
        return snapshot.resolver();
    }

    /** When the client's accessToken was last set, if the client exists. */
    public Optional<Instant> lastRotated(String clientId) {
        return Optional.ofNullable(snapshot.clients().get(clientId)).map(Client::lastRotated);
    }

    /** Expands scopes through the current roles. */
    public ScopeSet expand(Collection<String> scopes) {
        return snapshot.resolver().resolve(scopes);
    }

    /**
     * The client's key and expanded scopes, with Taskcluster's messages for a client that does not
     * exist, is disabled, or has expired.
     */
    @Override
    public HawkAuthenticator.Issuer load(String clientId) throws HawkException {
        Snapshot s = snapshot;
        Client client = s.clients().get(clientId);
        if (client == null) {
            throw HawkException.plain("Client with clientId '" + clientId + "' not found");
        }
        if (client.disabled()) {
            throw HawkException.plain("Client with clientId '" + clientId + "' is disabled");
        }
        Instant now = clock.instant();
        if (client.expires().isBefore(now)) {
            throw HawkException.plain("Client with clientId: '" + clientId + "' has expired");
        }
        noteUse(client, now);
        return s.issuers().computeIfAbsent(clientId, id -> HawkAuthenticator.Issuer.of(id, client.accessToken(),
                client.scopes(), client.expires(), s.resolver()::resolve));
    }

    /**
     * Writes {@code lastDateUsed} in the background when the last one written is older than the
     * resolution; the atomic {@code compute} lets exactly one request per period do it.
     */
    private void noteUse(Client client, Instant now) {
        Instant recent = lastUseWritten.get(client.clientId());
        Instant horizon = now.minus(LAST_USED_RESOLUTION);
        if ((recent != null ? recent : client.lastDateUsed()).isAfter(horizon)) {
            return; // the usual case, without taking the map's lock
        }
        boolean[] write = {false};
        lastUseWritten.compute(client.clientId(), (id, previous) -> {
            Instant last = previous != null ? previous : client.lastDateUsed();
            if (last.isAfter(now.minus(LAST_USED_RESOLUTION))) {
                return previous;
            }
            write[0] = true;
            return now;
        });
        if (write[0]) {
            background.execute(() -> clients.recordUse(client.clientId(), now));
        }
    }
}
