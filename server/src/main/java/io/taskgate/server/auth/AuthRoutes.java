package io.taskgate.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskgate.hawk.HawkRequest;
import io.taskgate.server.authn.Principal;
import io.taskgate.server.authn.RequestAuthenticator;
import io.taskgate.server.http.ApiError;
import io.taskgate.server.http.Body;
import io.taskgate.server.http.Call;
import io.taskgate.server.http.Reply;
import io.taskgate.server.http.Route;
import io.taskgate.server.identity.IdentityCache;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The routes of the auth service ({@code /api/auth/v1}) that this server answers so far. */
public final class AuthRoutes {

    static final String BASE = "/api/auth/v1";
    private static final Set<String> FORWARDED_FIELDS = Set.of("method", "resource", "host", "port", "authorization", "sourceIp");

    private final IdentityCache identities;
    private final RequestAuthenticator authenticator;
    private final Clock clock;
    private final Instant started;

    public AuthRoutes(IdentityCache identities, RequestAuthenticator authenticator, Clock clock) {
        this.identities = identities;
        this.authenticator = authenticator;
        this.clock = clock;
        this.started = clock.instant();
    }

    public List<Route> routes() {
        return List.of(
                Route.publicRoute("GET", BASE + "/ping", "ping", this::ping),
                Route.protectedRoute("GET", BASE + "/scopes/current", "currentScopes", "\"auth:current-scopes\"", this::currentScopes),
                Route.protectedRoute("POST", BASE + "/scopes/expand", "expandScopes", "\"auth:expand-scopes\"", this::expandScopes),
                Route.publicRoute("POST", BASE + "/authenticate-hawk", "authenticateHawk", this::authenticateHawk)
                        .withSensitivePayload());
    }

    private Reply ping(Call call) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("alive", true);
        body.put("uptime", Duration.between(started, clock.instant()).toSeconds());
        return Reply.ok(body);
    }

    private Reply currentScopes(Call call) {
        return Reply.ok(Map.of("scopes", call.principal().scopes()));
    }

    private Reply expandScopes(Call call) {
        JsonNode body = call.requireBody();
        Body.onlyFields(body, Set.of("scopes"));
        return Reply.ok(Map.of("scopes", identities.expand(Body.scopes(body, "scopes", false))));
    }

    private Reply authenticateHawk(Call call) {
        JsonNode body = call.requireBody();
        Body.onlyFields(body, FORWARDED_FIELDS);
        String method = Body.requiredText(body, "method");
        if (!method.matches("[a-z]+")) {
            throw ApiError.input("method: must be a lowercase HTTP verb, such as get");
        }
        String resource = Body.requiredText(body, "resource");
        String host = Body.requiredText(body, "host");
        JsonNode port = body.get("port");
        if (port == null || !port.canConvertToInt() || !port.isIntegralNumber() || port.asInt() < 0 || port.asInt() > 65535) {
            throw ApiError.input("port: must be an integer from 0 to 65535");
        }
        Optional<String> authorization = Body.text(body, "authorization");
        Body.text(body, "sourceIp");
        Map<String, Object> reply = new LinkedHashMap<>();
        try {
            Principal who = authenticator.authenticateForwarded(
                    new HawkRequest(method.toUpperCase(java.util.Locale.ROOT), resource, host, port.asInt()), authorization);
            if (who.isAnonymous()) {
                reply.put("status", "no-auth");
                reply.put("scheme", "none");
            } else {
                reply.put("status", "auth-success");
                reply.put("scheme", "hawk");
                reply.put("clientId", who.clientId().get());
            }
            reply.put("scopes", who.scopes());
            reply.put("expires", who.expires().toString());
            who.hash().ifPresent(h -> reply.put("hash", h));
        } catch (ApiError e) {
            reply.clear();
            reply.put("status", "auth-failed");
            reply.put("message", e.getMessage());
        }
        return Reply.ok(reply);
    }
}
