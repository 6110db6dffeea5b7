package io.taskgate.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskgate.server.authn.Principal;
import java.util.Map;
import java.util.Optional;

/** A matched, authenticated and authorized request, as a handler sees it. */
public record Call(Route route, Map<String, String> params, Map<String, String> query, Optional<JsonNode> body,
        Principal principal) {

    /** Requires scopes that depend on more than the path, such as one scope per scope in the body. */
    public void require(io.taskgate.scopes.ScopeExpression required) {
        Authorization.require(principal, required, route.name());
    }

    /** The JSON body, which the route requires. */
    public JsonNode requireBody() {
        return body.orElseThrow(() -> ApiError.input("this request needs a JSON body"));
    }
}
