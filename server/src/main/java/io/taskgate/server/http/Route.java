package io.taskgate.server.http;

import io.taskgate.scopes.ScopeExpression;
import io.taskgate.scopes.ScopeTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One API route, declared as data: method, path pattern ({@code <name>} captures one path segment),
 * the API method name, the scopes it requires (a template over the path parameters; empty when
 * the route is public), and the handler. The route table drives dispatch, the 401/403 tests and
 * the docs alike.
 */
public record Route(String method, String path, String name, Optional<ScopeTemplate> scopes, boolean sensitivePayload,
        boolean authenticatesItself, Handler handler, ErrorFormat format, Optional<ScopeExpression> fixedScopes) {

    /** A route; {@code fixedScopes} is derived: the scopes rendered once when they take no parameters. */
    public Route(String method, String path, String name, Optional<ScopeTemplate> scopes, boolean sensitivePayload,
            boolean authenticatesItself, Handler handler, ErrorFormat format) {
        this(method, path, name, scopes, sensitivePayload, authenticatesItself, handler, format,
                scopes.filter(t -> t.params().isEmpty()).map(t -> t.render(java.util.Map.of())));
    }

    /** Handles a request that has been matched, authenticated and authorized. */
    @FunctionalInterface
    public interface Handler {
        Reply handle(Call call);
    }

    /** A route that requires {@code scopes} (a template JSON, e.g. {@code "auth:get-client:<clientId>"}). */
    public static Route protectedRoute(String method, String path, String name, String scopesTemplate, Handler handler) {
        return new Route(method, path, name, Optional.of(ScopeTemplate.parse(scopesTemplate)), false, false, handler,
                ErrorFormat.TASKCLUSTER);
    }

    /** A route anyone may call. */
    public static Route publicRoute(String method, String path, String name, Handler handler) {
        return new Route(method, path, name, Optional.empty(), false, false, handler, ErrorFormat.TASKCLUSTER);
    }

    /**
     * A route that checks the request's credentials itself, against its own clients, from
     * {@link Call#raw()}; the server's authentication is skipped for it.
     */
    public static Route authenticatingItself(String method, String path, String name, Handler handler) {
        return new Route(method, path, name, Optional.empty(), false, true, handler, ErrorFormat.TASKCLUSTER);
    }

    /**
     * An OAuth 2.0 endpoint: it reads its own (form or JSON) body, authenticates its client itself
     * if it has one, and answers errors as RFC 6749 says. Its body is never echoed.
     */
    public static Route oauth(String method, String path, String name, Handler handler) {
        return new Route(method, path, name, Optional.empty(), true, true, handler, ErrorFormat.OAUTH);
    }

    /**
     * A session endpoint ({@code /api/login}, {@code /api/logout}): it reads its own parameters and
     * cookies, and answers errors as {@code {message}}.
     */
    public static Route session(String method, String path, String name, Handler handler) {
        return new Route(method, path, name, Optional.empty(), true, true, handler, ErrorFormat.MESSAGE);
    }

    /**
     * A page for people in a browser ({@code /login…}): it reads its own form, cookies and session,
     * and answers errors as an HTML page. Its body is never echoed.
     */
    public static Route page(String method, String path, String name, Handler handler) {
        return new Route(method, path, name, Optional.empty(), true, true, handler, ErrorFormat.HTML);
    }

    /** The same route, with its request body kept out of error replies (it may hold credentials). */
    public Route withSensitivePayload() {
        return new Route(method, path, name, scopes, true, authenticatesItself, handler, format);
    }

    /** The path split into segments; a segment {@code <name>} is a parameter. */
    List<String> segments() {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/", -1)) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }
}
