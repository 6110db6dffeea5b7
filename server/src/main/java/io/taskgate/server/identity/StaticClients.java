package io.taskgate.server.identity;

import io.taskgate.scopes.Json;
import io.taskgate.scopes.Scopes;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Clients configured at startup ({@code TASKGATE_STATIC_CLIENTS}), kept in step with the store as
 * Taskcluster keeps its static clients: configured ones are created or updated, and stored ones
 * under {@code static/} that are no longer configured are removed. {@code static/taskgate/root}
 * always exists and holds {@code *}; unless configured, its accessToken is generated on first start.
 * {@code static/taskgate/login} always exists too, holding what the login service needs to issue
 * credentials to login identities; its accessToken is generated and never shown.
 */
public final class StaticClients {

    /** A configured client. */
    public record Definition(String clientId, String accessToken, List<String> scopes, String description) {

        @Override
        public String toString() {
            return "Definition[" + clientId + ", scopes=" + scopes + ", accessToken=(hidden)]";
        }
    }

    public static final String ROOT = "static/taskgate/root";
    /** The client that issues the login service's temporary credentials; only the server knows its accessToken. */
    public static final String LOGIN = "static/taskgate/login";
    static final String PREFIX = "static/";
    /** Static clients do not expire; Taskcluster writes this date for them. */
    static final Instant NEVER = Instant.parse("3000-01-01T00:00:00Z");
    private static final String SYNC = "static-clients";

    private static final Pattern CLIENT_ID = Pattern.compile("^[A-Za-z0-9!@/:.+|_-]+$");
    private static final Pattern STATIC_TOKEN = Pattern.compile("^[a-zA-Z0-9_-]{22,66}$");

    private StaticClients() {}

    /**
     * Parses the configuration: a JSON array of {@code {clientId, accessToken, scopes, description?}}.
     *
     * @throws IllegalArgumentException naming the entry and field at fault
     */
    public static List<Definition> parse(String json) {
        Object tree;
        try {
            tree = Json.parse(json);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("TASKGATE_STATIC_CLIENTS: " + e.getMessage());
        }
        if (!(tree instanceof List<?> list)) {
            throw new IllegalArgumentException("TASKGATE_STATIC_CLIENTS must be a JSON array");
        }
        List<Definition> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "TASKGATE_STATIC_CLIENTS[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> m)) {
                throw new IllegalArgumentException(at + " must be an object");
            }
            if (!(m.get("clientId") instanceof String id) || !CLIENT_ID.matcher(id).matches() || !id.startsWith(PREFIX)) {
                throw new IllegalArgumentException(at + ".clientId must start with static/ and use only [A-Za-z0-9!@/:.+|_-]");
            }
            if (!seen.add(id)) {
                throw new IllegalArgumentException(at + ".clientId " + id + " appears twice");
            }
            if (!(m.get("accessToken") instanceof String token) || !STATIC_TOKEN.matcher(token).matches()) {
                throw new IllegalArgumentException(at + ".accessToken must be 22 to 66 characters of [a-zA-Z0-9_-]");
            }
            if (!(m.get("scopes") instanceof List<?> scopes)) {
                throw new IllegalArgumentException(at + ".scopes must be an array of scopes");
            }
            List<String> valid = new ArrayList<>();
            for (Object s : scopes) {
                if (!(s instanceof String scope) || !Scopes.isAssignable(scope)) {
                    throw new IllegalArgumentException(at + ".scopes must hold printable ASCII scopes not ending in **");
                }
                valid.add(scope);
            }
            if (id.equals(ROOT) && !valid.equals(List.of("*"))) {
                throw new IllegalArgumentException(at + ": " + ROOT + " always holds exactly [\"*\"]");
            }
            Object description = m.containsKey("description") ? m.get("description") : "Static client, configured at startup";
            if (!(description instanceof String d)) {
                throw new IllegalArgumentException(at + ".description must be a string");
            }
            out.add(new Definition(id, token, valid, d));
        }
        return out;
    }

    /**
     * Brings the store in line with {@code configured}. Returns the root accessToken when it was
     * generated just now, so that it can be shown once; it is never shown again.
     */
    public static Optional<String> sync(ClientStore store, List<Definition> configured, Clock clock, SecureRandom random) {
        return sync(store, configured, List.of("assume:login-identity:*", "assume:group:*", "auth:create-client:local/*"), clock, random);
    }

    /**
     * As {@link #sync(ClientStore, List, Clock, SecureRandom)}, with the scopes that
     * {@code static/taskgate/login} holds unless it is configured.
     */
    public static Optional<String> sync(ClientStore store, List<Definition> configured, List<String> loginScopes, Clock clock,
            SecureRandom random) {
        Instant now = clock.instant();
        Set<String> keep = new HashSet<>();
        for (Definition d : configured) {
            keep.add(d.clientId());
            put(store, d, now);
        }
        Optional<String> generated = Optional.empty();
        if (!keep.contains(ROOT)) {
            keep.add(ROOT);
            Optional<Client> root = store.get(ROOT);
            String token = root.map(Client::accessToken).orElseGet(() -> newAccessToken(random));
            if (root.isEmpty()) {
                generated = Optional.of(token);
            }
            put(store, new Definition(ROOT, token, List.of("*"), "Taskgate's root client: holds every scope"), now);
        }
        if (!keep.contains(LOGIN)) {
            keep.add(LOGIN);
            String token = store.get(LOGIN).map(Client::accessToken).orElseGet(() -> newAccessToken(random));
            put(store, new Definition(LOGIN, token, loginScopes, "Taskgate's login service: issues credentials to people who sign in"), now);
        }
        for (Client c : store.all()) {
            if (c.clientId().startsWith(PREFIX) && !keep.contains(c.clientId())) {
                store.delete(c.clientId(), Audit.ofClient(c.clientId(), SYNC, "deleted", now));
            }
        }
        return generated;
    }

    private static void put(ClientStore store, Definition d, Instant now) {
        Optional<Client> existing = store.get(d.clientId());
        Client wanted = new Client(d.clientId(), d.description(), d.accessToken(), d.scopes(), NEVER,
                existing.map(Client::created).orElse(now), now, existing.map(Client::lastDateUsed).orElse(now),
                existing.filter(c -> c.accessToken().equals(d.accessToken())).map(Client::lastRotated).orElse(now),
                false, false);
        if (existing.isEmpty()) {
            store.create(wanted, Audit.ofClient(d.clientId(), SYNC, "created", now));
        } else if (!sameConfiguration(existing.get(), wanted)) {
            store.update(wanted, Audit.ofClient(d.clientId(), SYNC, "updated", now));
        }
    }

    private static boolean sameConfiguration(Client a, Client b) {
        return a.accessToken().equals(b.accessToken()) && a.scopes().equals(b.scopes()) && a.description().equals(b.description())
                && a.expires().equals(b.expires()) && a.disabled() == b.disabled() && a.deleteOnExpiration() == b.deleteOnExpiration();
    }

    /** 44 characters of URL-safe base64 from 33 random bytes. */
    public static String newAccessToken(SecureRandom random) {
        byte[] bytes = new byte[33];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().encodeToString(bytes);
    }
}
