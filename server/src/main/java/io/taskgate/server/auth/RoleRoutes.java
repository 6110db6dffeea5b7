package io.taskgate.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskgate.scopes.Role;
import io.taskgate.scopes.RoleException;
import io.taskgate.scopes.ScopeSet;
import io.taskgate.scopes.Scopes;
import io.taskgate.server.http.ApiError;
import io.taskgate.server.http.Body;
import io.taskgate.server.http.Call;
import io.taskgate.server.http.Dates;
import io.taskgate.server.http.Reply;
import io.taskgate.server.http.Route;
import io.taskgate.server.identity.Audit;
import io.taskgate.server.identity.IdentityCache;
import io.taskgate.server.identity.RoleStore;
import io.taskgate.server.identity.StoredRole;
import io.taskgate.server.store.Database;
import io.taskgate.server.store.Page;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Role management: Taskcluster's role endpoints. A change is checked against the resolver (invalid
 * parameters, cycles) before it is written, and role writes on this node take turns so that two
 * changes cannot make a cycle together.
 */
public final class RoleRoutes {

    private static final Set<String> FIELDS = Set.of("scopes", "description");
    private static final String EACH_SCOPE = "{\"for\":\"scope\",\"in\":\"scopes\",\"each\":\"<scope>\"}";

    private final RoleStore store;
    private final IdentityCache identities;
    private final Clock clock;
    private final Object writes = new Object();

    public RoleRoutes(RoleStore store, IdentityCache identities, Clock clock) {
        this.store = store;
        this.identities = identities;
        this.clock = clock;
    }

    public List<Route> routes() {
        String base = AuthRoutes.BASE;
        return List.of(
                Route.protectedRoute("GET", base + "/roles/", "listRoles", "\"auth:list-roles\"",
                        call -> Reply.ok(store.all().stream().map(this::view).toList())),
                Route.protectedRoute("GET", base + "/roles2/", "listRoles2", "\"auth:list-roles\"", call -> page(call, true)),
                Route.protectedRoute("GET", base + "/roleids/", "listRoleIds", "\"auth:list-roles\"", call -> page(call, false)),
                Route.protectedRoute("GET", base + "/roles/<roleId>", "role", "\"auth:get-role:<roleId>\"",
                        call -> Reply.ok(view(store.get(roleId(call)).orElseThrow(() -> ApiError.notFound("Role not found"))))),
                Route.protectedRoute("PUT", base + "/roles/<roleId>", "createRole",
                        "{\"AllOf\":[\"auth:create-role:<roleId>\"," + EACH_SCOPE + "]}", this::create),
                Route.protectedRoute("POST", base + "/roles/<roleId>", "updateRole",
                        "{\"AllOf\":[\"auth:update-role:<roleId>\"," + EACH_SCOPE + "]}", this::update),
                Route.protectedRoute("DELETE", base + "/roles/<roleId>", "deleteRole", "\"auth:delete-role:<roleId>\"", this::delete));
    }

    private Reply page(Call call, boolean full) {
        int limit = Body.limit(call, 1000);
        String after = Optional.ofNullable(call.query().get("continuationToken")).map(Page::keyOf).orElse(null);
        List<StoredRole> roles = new ArrayList<>();
        for (StoredRole r : store.all()) {
            if (after == null || r.roleId().compareTo(after) > 0) {
                roles.add(r);
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        List<StoredRole> shown = roles.subList(0, Math.min(limit, roles.size()));
        body.put(full ? "roles" : "roleIds", full ? shown.stream().map(this::view).toList() : shown.stream().map(StoredRole::roleId).toList());
        if (roles.size() > limit) {
            body.put("continuationToken", Page.tokenAfter(shown.get(shown.size() - 1).roleId()));
        }
        return Reply.ok(body);
    }

    private Reply create(Call call) {
        String id = roleId(call);
        JsonNode body = call.requireBody();
        Body.onlyFields(body, FIELDS);
        List<String> scopes = new ArrayList<>(Body.scopes(body, "scopes", true));
        scopes.sort(Scopes.ORDER);
        String description = Body.boundedText(body, "description", 10240);
        call.authorize(Map.of("scopes", scopes));
        synchronized (writes) {
            check(new Role(id, scopes));
            Instant now = clock.instant();
            StoredRole role = new StoredRole(id, scopes, description, now, now);
            try {
                store.create(role, Audit.ofRole(id, call.who(), "created", now));
            } catch (Database.Conflict e) {
                StoredRole existing = store.get(id).orElseThrow(() -> ApiError.conflict("Role with roleId '" + id + "' already exists"));
                if (existing.description().equals(description) && existing.scopes().equals(scopes)) {
                    return Reply.ok(view(existing));
                }
                throw new ApiError(409, "RequestConflict", "Role with roleId '" + id + "' already exists", Map.of("roleId", id));
            }
            identities.reload();
            return Reply.ok(view(role));
        }
    }

    private Reply update(Call call) {
        String id = roleId(call);
        JsonNode body = call.requireBody();
        Body.onlyFields(body, FIELDS);
        List<String> scopes = Body.scopes(body, "scopes", true);
        String description = Body.boundedText(body, "description", 10240);
        synchronized (writes) {
            StoredRole old = store.get(id).orElseThrow(() -> ApiError.notFound("Role with roleId '" + id + "' not found"));
            ScopeSet had = identities.expand(old.scopes());
            List<String> added = scopes.stream().filter(s -> !had.satisfies(s)).toList();
            call.authorize(Map.of("scopes", added));
            check(new Role(id, scopes));
            StoredRole role = new StoredRole(id, scopes, description, old.created(), clock.instant());
            if (!store.update(role, Audit.ofRole(id, call.who(), "updated", clock.instant()))) {
                throw ApiError.notFound("Role with roleId '" + id + "' not found");
            }
            identities.reload();
            return Reply.ok(view(role));
        }
    }

    private Reply delete(Call call) {
        String id = roleId(call);
        synchronized (writes) {
            if (store.delete(id, Audit.ofRole(id, call.who(), "deleted", clock.instant()))) {
                identities.reload();
            }
        }
        return new Reply(200, null);
    }

    /** Rejects a role that the resolver would refuse: bad parameters, or a cycle with the other roles. */
    private void check(Role role) {
        try {
            identities.resolver().withRole(role);
        } catch (RoleException e) {
            Map<String, Object> details = e.cycle().isEmpty() ? Map.of() : Map.of("cycle", e.cycle());
            throw new ApiError(400, "InputError", e.getMessage(), details);
        }
    }

    private static String roleId(Call call) {
        String id = call.param("roleId");
        if (id.isEmpty() || !Scopes.isValid(id)) {
            throw ApiError.input("roleId: must be one or more printable ASCII characters");
        }
        return id;
    }

    private Map<String, Object> view(StoredRole r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("roleId", r.roleId());
        out.put("scopes", r.scopes());
        out.put("description", r.description());
        out.put("created", Dates.iso(r.created()));
        out.put("lastModified", Dates.iso(r.lastModified()));
        out.put("expandedScopes", identities.expand(List.of("assume:" + r.roleId())));
        return out;
    }
}
