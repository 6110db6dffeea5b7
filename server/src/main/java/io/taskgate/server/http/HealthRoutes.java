package io.taskgate.server.http;

import java.util.List;
import java.util.Map;

/** The health and version endpoints at the root, for load balancers and operators. */
public final class HealthRoutes {

    private HealthRoutes() {}

    public static List<Route> routes(String version) {
        return List.of(
                Route.publicRoute("GET", "/__heartbeat__", "heartbeat", call -> Reply.ok(Map.of())),
                Route.publicRoute("GET", "/__lbheartbeat__", "lbheartbeat", call -> Reply.ok(Map.of())),
                Route.publicRoute("GET", "/__version__", "version", call -> Reply.ok(Map.of("name", "taskgate", "version", version))));
    }
}
