package io.taskgate.server.auth;

import io.taskgate.server.http.Body;
import io.taskgate.server.http.Call;
import io.taskgate.server.http.Dates;
import io.taskgate.server.http.Reply;
import io.taskgate.server.http.Route;
import io.taskgate.server.identity.Audit;
import io.taskgate.server.identity.AuditStore;
import io.taskgate.server.store.Page;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The audit history of changes to clients and roles: who, what, when, oldest first. */
public final class AuditRoutes {

    private final AuditStore store;

    public AuditRoutes(AuditStore store) {
        this.store = store;
    }

    public List<Route> routes() {
        return List.of(
                Route.protectedRoute("GET", AuthRoutes.BASE + "/clients/<clientId>/audit", "listAuditHistory",
                        "\"auth:client-audit-history:<clientId>\"", call -> history(call, "client", call.param("clientId"))),
                Route.protectedRoute("GET", AuthRoutes.BASE + "/audit/<entityType>/<entityId>", "getEntityHistory",
                        "\"auth:audit-history:<entityType>\"", call -> history(call, call.param("entityType"), call.param("entityId"))));
    }

    private Reply history(Call call, String entityType, String entityId) {
        Page<Audit> page = store.history(entityType, entityId, Optional.ofNullable(call.query().get("continuationToken")),
                Body.limit(call, 1000));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("auditHistory", page.items().stream().map(a -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("clientId", a.clientId());
            entry.put("actionType", a.action());
            entry.put("created", Dates.iso(a.at()));
            entry.put("entityId", a.entityId());
            entry.put("entityType", a.entityType());
            return entry;
        }).toList());
        page.continuationToken().ifPresent(t -> body.put("continuationToken", t));
        return Reply.ok(body);
    }
}
