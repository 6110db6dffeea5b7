package io.taskgate.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskgate.server.http.ApiError;
import io.taskgate.server.http.Body;
import io.taskgate.server.http.Call;
import io.taskgate.server.http.Dates;
import io.taskgate.server.http.Reply;
import io.taskgate.server.http.Route;
import io.taskgate.server.identity.Audit;
import io.taskgate.server.identity.Client;
import io.taskgate.server.identity.ClientStore;
import io.taskgate.server.identity.IdentityCache;
import io.taskgate.server.identity.StaticClients;
import io.taskgate.server.store.Database;
import io.taskgate.server.store.Page;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Client management: Taskcluster's client endpoints, with their scopes, rules and messages. */
public final class ClientRoutes {

    static final Pattern CLIENT_ID = Pattern.compile("^[A-Za-z0-9!@/:.+|_-]+$");
    /** A create that repeats an earlier one within this window returns the client instead of a conflict. */
    static final Duration IDEMPOTENT_WINDOW = Duration.ofMinutes(15);
    private static final Set<String> FIELDS = Set.of("expires", "description", "scopes", "deleteOnExpiration");
    private static final String EACH_SCOPE = "{\"for\":\"scope\",\"in\":\"scopes\",\"each\":\"<scope>\"}";

    private final ClientStore store;
    private final IdentityCache identities;
    private final Clock clock;
    private final SecureRandom random;

    public ClientRoutes(ClientStore store, IdentityCache identities, Clock clock, SecureRandom random) {
        this.store = store;
        this.identities = identities;
        this.clock = clock;
        this.random = random;
    }

    public List<Route> routes() {
        String base = AuthRoutes.BASE + "/clients";
        return List.of(
                Route.protectedRoute("GET", base + "/", "listClients", "\"auth:list-clients\"", this::list),
                Route.protectedRoute("GET", base + "/<clientId>", "client", "\"auth:get-client:<clientId>\"", this::get),
                Route.protectedRoute("PUT", base + "/<clientId>", "createClient",
                        "{\"AllOf\":[\"auth:create-client:<clientId>\"," + EACH_SCOPE + "]}", this::create),
                Route.protectedRoute("POST", base + "/<clientId>", "updateClient",
                        "{\"AllOf\":[\"auth:update-client:<clientId>\"," + EACH_SCOPE + "]}", this::update),
                Route.protectedRoute("POST", base + "/<clientId>/reset", "resetAccessToken",
                        "\"auth:reset-access-token:<clientId>\"", this::reset),
                Route.protectedRoute("POST", base + "/<clientId>/enable", "enableClient", "\"auth:enable-client:<clientId>\"",
                        call -> setDisabled(call, false)),
                Route.protectedRoute("POST", base + "/<clientId>/disable", "disableClient", "\"auth:disable-client:<clientId>\"",
                        call -> setDisabled(call, true)),
                Route.protectedRoute("DELETE", base + "/<clientId>", "deleteClient", "\"auth:delete-client:<clientId>\"", this::delete));
    }

    private Reply list(Call call) {
        String prefix = call.query().getOrDefault("prefix", "");
        if (!prefix.isEmpty() && !CLIENT_ID.matcher(prefix).matches()) {
            throw ApiError.input("prefix: may only hold the characters of a clientId, [A-Za-z0-9!@/:.+|_-]");
        }
        Page<Client> page = store.list(prefix, Optional.ofNullable(call.query().get("continuationToken")), Body.limit(call, 1000));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("clients", page.items().stream().map(c -> view(c, false)).toList());
        page.continuationToken().ifPresent(t -> body.put("continuationToken", t));
        return Reply.ok(body);
    }

    private Reply get(Call call) {
        return Reply.ok(view(find(clientId(call)), false));
    }

    /** The body of createClient and updateClient; {@code scopes} is empty when not given. */
    private record Input(Instant expires, String description, Optional<List<String>> scopes, boolean deleteOnExpiration) {

        static Input read(Call call) {
            JsonNode body = call.requireBody();
            Body.onlyFields(body, FIELDS);
            return new Input(Body.dateTime(body, "expires"), Body.boundedText(body, "description", 10240),
                    body.has("scopes") ? Optional.of(unique(Body.scopes(body, "scopes", true), "scopes")) : Optional.empty(),
                    Body.bool(body, "deleteOnExpiration").orElse(false));
        }
    }

    private Reply create(Call call) {
        String id = clientId(call);
        guardStatic(id);
        Input in = Input.read(call);
        List<String> scopes = in.scopes().orElse(List.of());
        call.authorize(Map.of("scopes", scopes));
        Instant now = clock.instant();
        Client client = new Client(id, in.description(), StaticClients.newAccessToken(random), scopes, in.expires(), now, now, now,
                now, in.deleteOnExpiration(), false);
        try {
            store.create(client, Audit.ofClient(id, call.who(), "created", now));
        } catch (Database.Conflict e) {
            Client existing = find(id);
            boolean repeat = existing.description().equals(in.description()) && existing.expires().equals(in.expires())
                    && existing.scopes().equals(scopes) && !existing.disabled()
                    && existing.created().isAfter(now.minus(IDEMPOTENT_WINDOW));
            if (!repeat) {
                throw ApiError.conflict("client with same clientId already exists, possibly an issue with retry logic or idempotency");
            }
            return Reply.ok(view(existing, true));
        }
        identities.reload();
        return Reply.ok(view(client, true));
    }

    private Reply update(Call call) {
        String id = clientId(call);
        guardStatic(id);
        Input in = Input.read(call);
        Optional<List<String>> scopes = in.scopes();
        Client old = find(id);
        List<String> added = new ArrayList<>(scopes.orElse(List.of()));
        added.removeAll(old.scopes()); // exact members of the stored scopes are not "added"
        call.authorize(Map.of("scopes", added));
        Instant now = clock.instant();
        Client updated = new Client(id, in.description(), old.accessToken(), scopes.orElse(old.scopes()), in.expires(), old.created(),
                now, old.lastDateUsed(), old.lastRotated(), in.deleteOnExpiration(), old.disabled());
        if (!store.update(updated, Audit.ofClient(id, call.who(), "updated", now))) {
            throw ApiError.notFound("Client not found");
        }
        identities.reload();
        return Reply.ok(view(updated, false));
    }

    private Reply reset(Call call) {
        String id = clientId(call);
        guardStatic(id);
        Instant now = clock.instant();
        Client c = find(id);
        Client rotated = new Client(id, c.description(), StaticClients.newAccessToken(random), c.scopes(), c.expires(), c.created(),
                c.lastModified(), c.lastDateUsed(), now, c.deleteOnExpiration(), c.disabled());
        if (!store.update(rotated, Audit.ofClient(id, call.who(), "resetAccessToken", now))) {
            throw ApiError.notFound("Client not found");
        }
        identities.reload();
        return Reply.ok(view(rotated, true));
    }

    private Reply setDisabled(Call call, boolean disabled) {
        String id = clientId(call);
        guardStatic(id);
        Client c = find(id);
        Client changed = new Client(id, c.description(), c.accessToken(), c.scopes(), c.expires(), c.created(), c.lastModified(),
                c.lastDateUsed(), c.lastRotated(), c.deleteOnExpiration(), disabled);
        if (c.disabled() != disabled) {
            store.update(changed, Audit.ofClient(id, call.who(), disabled ? "disabled" : "enabled", clock.instant()));
            identities.reload();
        }
        return Reply.ok(view(changed, false));
    }

    private Reply delete(Call call) {
        String id = clientId(call);
        guardStatic(id);
        if (store.delete(id, Audit.ofClient(id, call.who(), "deleted", clock.instant()))) {
            identities.reload();
        }
        return new Reply(200, null);
    }

    private static String clientId(Call call) {
        String id = call.param("clientId");
        if (!CLIENT_ID.matcher(id).matches()) {
            throw ApiError.input("clientId: must match ^[A-Za-z0-9!@/:.+|_-]+$");
        }
        return id;
    }

    private static void guardStatic(String id) {
        if (id.startsWith("static/")) {
            throw ApiError.input("clientId \"" + id + "\" starts with \"static/\" which is reserved for statically configured clients."
                    + " Contact your administrator to change static clients.");
        }
    }

    private Client find(String id) {
        return store.get(id).orElseThrow(() -> ApiError.notFound("Client not found"));
    }

    private static List<String> unique(List<String> scopes, String field) {
        if (Set.copyOf(scopes).size() != scopes.size()) {
            throw ApiError.input(field + ": must not list a scope twice");
        }
        return scopes;
    }

    /** A client as the API shows it; the accessToken only right after creation or reset. */
    private Map<String, Object> view(Client c, boolean withToken) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("clientId", c.clientId());
        out.put("description", c.description());
        out.put("expires", Dates.iso(c.expires()));
        out.put("created", Dates.iso(c.created()));
        out.put("lastModified", Dates.iso(c.lastModified()));
        out.put("lastDateUsed", Dates.iso(c.lastDateUsed()));
        out.put("lastRotated", Dates.iso(c.lastRotated()));
        out.put("deleteOnExpiration", c.deleteOnExpiration());
        out.put("scopes", c.scopes());
        out.put("expandedScopes", identities.expand(c.scopes()));
        out.put("disabled", c.disabled());
        if (withToken) {
            out.put("accessToken", c.accessToken());
        }
        return out;
    }
}
