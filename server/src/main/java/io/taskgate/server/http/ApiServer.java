package io.taskgate.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.http1.Http1Config;
import io.taskgate.scopes.ScopeTemplate;
import io.taskgate.server.authn.Principal;
import io.taskgate.server.authn.RequestAuthenticator;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP front: one handler for every request, in one direction. Limits, then the route, then
 * the body, then the credentials, then the route's scopes, then the handler; any failure on the way
 * becomes the API's error body. Helidon gives each request a virtual thread, so the code blocks
 * plainly.
 */
public final class ApiServer implements AutoCloseable {

    /** The largest request body accepted. */
    public static final int MAX_BODY = 1024 * 1024;
    /**
     * Helidon's own cut-off, above {@link #MAX_BODY} so that a too-large body reaches the handler,
     * which refuses it in the route's error format without reading it (Helidon's own 413 has no body).
     */
    private static final long HARD_BODY_LIMIT = 64L * MAX_BODY;

    /**
     * The largest request head (request line and headers) accepted. It is generous so that an
     * oversized Bearer token reaches the authenticator and gets a proper {@code invalid_token}
     * rather than a bare 431; the authenticator has its own, smaller limit.
     */
    public static final int MAX_HEADERS = 128 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    static final ObjectMapper JSON = new ObjectMapper();

    /** What serves requests once the server knows its own address: the routes and the authenticator. */
    private record Front(Router router, RequestAuthenticator authenticator) {}

    private final Clock clock;
    private final WebServer server;
    private volatile Front front;

    /**
     * A server that listens once {@link #start} is called and answers 503 until {@link #serve} gives
     * it routes; the gap lets routes that need the server's own URL (such as a token issuer) be
     * built after the port is known.
     */
    public ApiServer(Clock clock, String host, int port) {
        this.clock = clock;
        this.server = WebServer.builder()
                .host(host)
                .port(port)
                .maxPayloadSize(HARD_BODY_LIMIT)
                .addProtocol(Http1Config.builder().maxHeadersSize(MAX_HEADERS).maxPrologueLength(8192).build())
                .routing(r -> r.any(this::handle))
                .build();
    }

    public ApiServer start() {
        server.start();
        return this;
    }

    /** Starts answering with {@code router}, authenticating requests with {@code authenticator}. */
    public void serve(Router router, RequestAuthenticator authenticator) {
        this.front = new Front(router, authenticator);
    }

    /** The port the server listens on (useful when it was asked for port 0). */
    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.stop();
    }

    private void handle(ServerRequest req, ServerResponse res) {
        long started = System.nanoTime();
        String method = req.prologue().method().text();
        String rawPath = req.prologue().uriPath().rawPath();
        String rawQuery = req.prologue().query().rawValue();
        String resource = rawQuery.isEmpty() ? rawPath : rawPath + "?" + rawQuery;
        Front front = this.front;
        Optional<Router.Match> match = front == null ? Optional.empty() : front.router().match(method, rawPath);
        String name = match.map(m -> m.route().name()).orElse("unknown");
        ErrorFormat format = match.map(m -> m.route().format()).orElse(ErrorFormat.TASKCLUSTER);
        Map<String, String> params = match.map(Router.Match::params).orElse(Map.of());
        boolean echoPayload = match.filter(x -> !x.route().sensitivePayload()).isPresent();
        JsonNode payload = null;
        String clientId = "-";
        int status;
        try {
            if (front == null) {
                throw new ApiError(503, "ServiceUnavailable", "The server is starting; try again shortly", null);
            }
            Router.Match m = match.orElseThrow(() -> ApiError.notFound("No such API method: " + method + " " + rawPath));
            Route route = m.route();
            byte[] body = readBody(req);
            Optional<JsonNode> json = format == ErrorFormat.TASKCLUSTER ? parseJson(body) : Optional.empty();
            payload = json.orElse(null);
            Call.RawRequest raw = new Call.RawRequest(method, resource, header -> req.headers().first(headerName(header)),
                    req.isSecure(), body, req.remotePeer().host());
            Principal principal = route.authenticatesItself() ? null
                    : front.authenticator().authenticate(method, resource, raw.header(), raw.tls(), body, raw.source());
            clientId = principal == null ? "-" : principal.clientId().orElse("anonymous");
            boolean checkedHere = principal == null || authorize(route, m.params(), principal);
            Call call = new Call(route, m.params(), query(req), json, principal, raw, checkedHere);
            Reply reply = route.handler().handle(call);
            if (!call.authorized()) {
                throw new IllegalStateException(route.name() + " answered without authorizing its request");
            }
            status = reply.status();
            res.status(Status.create(status));
            reply.headers().forEach((k, v) -> res.header(headerName(k), v));
            if (!reply.cookies().isEmpty()) {
                res.header(HeaderNames.SET_COOKIE, reply.cookies().toArray(String[]::new));
            }
            if (reply.body() instanceof Html html) {
                res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
                res.send(html.text().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            } else if (reply.body() instanceof Reply.Raw asset) {
                res.header(HeaderNames.CONTENT_TYPE, asset.contentType());
                res.send(asset.bytes());
            } else if (reply.body() != null) {
                res.header(HeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
                res.send(JSON.writeValueAsBytes(reply.body()));
            } else {
                res.send();
            }
        } catch (ApiError e) {
            status = e.status();
            sendError(res, format, e, name, params, echoPayload ? payload : null);
        } catch (OAuthError e) {
            status = e.status();
            sendOAuthError(res, e);
        } catch (IllegalArgumentException e) {
            ApiError error = ApiError.input(e.getMessage());
            status = error.status();
            sendError(res, format, error, name, params, echoPayload ? payload : null);
        } catch (RuntimeException | IOException e) {
            LOG.error("{} {} failed", method, rawPath, e);
            ApiError error = new ApiError(500, "InternalServerError", "Internal server error; the server's log has the details", null);
            status = error.status();
            sendError(res, format, error, name, params, null);
        }
        LOG.info("{} {} {} {} {}ms", method, rawPath, status, clientId, (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * Checks the principal against the route's scopes before the body is read, so that every
     * protected route answers 401 or 403 first. True when that was the whole check; when the scopes
     * also depend on lists in the body, the part they cannot weaken is checked here and the handler
     * checks the rest once it has read them.
     */
    private static boolean authorize(Route route, Map<String, String> params, Principal principal) {
        if (route.scopes().isEmpty()) {
            return true;
        }
        if (route.fixedScopes().isPresent()) {
            Authorization.require(principal, route.fixedScopes().get(), route.name());
            return true;
        }
        ScopeTemplate template = route.scopes().get();
        Map<String, Object> known = new HashMap<>(params);
        boolean complete = true;
        for (Map.Entry<String, ScopeTemplate.ParamType> p : template.params().entrySet()) {
            if (!params.containsKey(p.getKey())) {
                complete = false;
                if (p.getValue() != ScopeTemplate.ParamType.LIST) {
                    return false; // nothing weaker to check before the handler reads the body
                }
                known.put(p.getKey(), List.of()); // an empty list only drops requirements: a necessary condition
            }
        }
        Authorization.require(principal, template.render(known), route.name());
        return complete;
    }

    private static final Map<String, HeaderName> HEADER_NAMES = new java.util.concurrent.ConcurrentHashMap<>();

    /** Header names are few; each is created once rather than for every lookup. */
    private static HeaderName headerName(String name) {
        return HEADER_NAMES.computeIfAbsent(name, HeaderNames::create);
    }

    private static byte[] readBody(ServerRequest req) throws IOException {
        if (req.headers().contentLength().orElse(0) > MAX_BODY) {
            throw ApiError.tooLarge("The request body is larger than " + MAX_BODY + " bytes");
        }
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        try (InputStream in = req.content().inputStream()) {
            byte[] body = in.readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                throw ApiError.tooLarge("The request body is larger than " + MAX_BODY + " bytes");
            }
            return body;
        }
    }

    private static Optional<JsonNode> parseJson(byte[] body) {
        if (body.length == 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(body));
        } catch (IOException e) {
            throw ApiError.input("The request body is not valid JSON");
        }
    }

    private static Map<String, String> query(ServerRequest req) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : req.prologue().query().names()) {
            out.put(name, req.prologue().query().get(name));
        }
        return out;
    }

    private void sendError(ServerResponse res, ErrorFormat format, ApiError e, String method, Map<String, String> params,
            JsonNode payload) {
        if (format == ErrorFormat.MESSAGE) {
            ObjectNode body = JSON.createObjectNode();
            body.put("message", e.getMessage());
            res.status(Status.create(e.status()));
            e.headers().forEach((k, v) -> res.header(headerName(k), v));
            send(res, body);
            return;
        }
        if (format == ErrorFormat.HTML) {
            res.status(Status.create(e.status()));
            e.headers().forEach((k, v) -> res.header(headerName(k), v));
            Html.headers("").forEach((k, v) -> res.header(headerName(k), v));
            res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
            res.send(Html.errorPage(e.status(), e.getMessage()).text().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return;
        }
        if (format == ErrorFormat.OAUTH) {
            // An OAuth endpoint answers in its own format even for failures found before its handler ran.
            String error = e.status() == 401 ? "invalid_client" : e.status() >= 500 ? "server_error" : "invalid_request";
            sendOAuthError(res, new OAuthError(e.status(), error, e.getMessage()));
            return;
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("code", e.code());
        body.put("message", e.getMessage());
        ObjectNode info = body.putObject("requestInfo");
        info.put("method", method);
        info.set("params", JSON.valueToTree(params));
        info.set("payload", payload == null ? JSON.createObjectNode() : payload);
        info.put("time", Dates.iso(clock.instant()));
        if (!e.details().isEmpty()) {
            body.set("details", JSON.valueToTree(e.details()));
        }
        res.status(Status.create(e.status()));
        e.headers().forEach((k, v) -> res.header(headerName(k), v));
        if (e.status() == 401) {
            // Hawk clients look for "hawk"; OAuth clients for a Bearer challenge (RFC 6750 §3).
            res.header(HeaderNames.WWW_AUTHENTICATE, e.challenge().equals("hawk")
                    ? new String[] {"hawk", "Bearer realm=\"taskgate\""} : new String[] {e.challenge()});
        }
        send(res, body);
    }

    private static void sendOAuthError(ServerResponse res, OAuthError e) {
        ObjectNode body = JSON.createObjectNode();
        body.put("error", e.error());
        body.put("error_description", e.getMessage());
        res.status(Status.create(e.status()));
        e.headers().forEach((k, v) -> res.header(headerName(k), v));
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.header(HeaderNames.PRAGMA, "no-cache");
        send(res, body);
    }

    private static void send(ServerResponse res, ObjectNode body) {
        res.header(HeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
        try {
            res.send(JSON.writeValueAsBytes(body));
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
