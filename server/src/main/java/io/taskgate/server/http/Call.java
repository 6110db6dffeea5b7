package io.taskgate.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskgate.server.authn.Principal;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A matched and authenticated request, as a handler sees it. Routes whose scope template needs more
 * than the path (such as one scope per scope in the body) are authorized by the handler calling
 * {@link #authorize} once it has read those parameters; {@link ApiServer} checks that it did.
 */
public final class Call {

    private final Route route;
    private final Map<String, String> params;
    private final Map<String, String> query;
    private final Optional<JsonNode> body;
    private final Principal principal;
    private final RawRequest raw;
    private boolean authorized;

    /** The request as it arrived, for routes that authenticate it themselves. */
    public record RawRequest(String method, String resource, java.util.function.Function<String, Optional<String>> header,
            boolean tls, byte[] body, String source) {

        /** Whether the client reached us over https, directly or through a proxy that says so. */
        public boolean https() {
            return tls || header.apply("X-Forwarded-Proto").filter("https"::equalsIgnoreCase).isPresent();
        }
    }

    Call(Route route, Map<String, String> params, Map<String, String> query, Optional<JsonNode> body, Principal principal,
            RawRequest raw, boolean authorized) {
        this.route = route;
        this.params = params;
        this.query = query;
        this.body = body;
        this.principal = principal;
        this.raw = raw;
        this.authorized = authorized;
    }

    public Route route() {
        return route;
    }

    public Map<String, String> params() {
        return params;
    }

    public String param(String name) {
        return params.get(name);
    }

    public Map<String, String> query() {
        return query;
    }

    public Principal principal() {
        return principal;
    }

    /** Who makes this request, for audit records: the clientId (or user label), or "anonymous". */
    public String who() {
        return principal.clientId().orElse("anonymous");
    }

    public RawRequest raw() {
        return raw;
    }

    /** The JSON body, which the route requires. */
    public JsonNode requireBody() {
        return body.orElseThrow(() -> ApiError.input("this request needs a JSON body"));
    }

    /** Renders the route's scope template with the path parameters and {@code extra}, and requires it. */
    public void authorize(Map<String, ?> extra) {
        Map<String, Object> all = new HashMap<>(params);
        all.putAll(extra);
        route.scopes().ifPresent(t -> Authorization.require(principal, t.render(all), route.name()));
        authorized = true;
    }

    boolean authorized() {
        return authorized;
    }
}
