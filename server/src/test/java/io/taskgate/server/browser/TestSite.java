package io.taskgate.server.browser;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A tiny web site on a free loopback port for browser tests: it serves the HTML pages and redirects
 * it is given, and records every request it receives, so that a test can assert what a "static web
 * app" got back after the browser was sent to it.
 *
 * <p>Routes match the raw path exactly, whatever the query; an unknown path answers 404 (and is
 * recorded too, like the favicon the browser asks for on its own).
 */
public final class TestSite implements AutoCloseable {

    /** One request as the site received it; {@code rawQuery} and {@code body} are empty when absent. */
    public record Request(String method, String path, String rawQuery, String body) {

        /** The path with its query, as it appeared on the request line. */
        public String pathAndQuery() {
            return rawQuery.isEmpty() ? path : path + "?" + rawQuery;
        }
    }

    /** What the site answers at one path. */
    private record Route(int status, Map<String, String> headers, String html) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private TestSite() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** Starts an empty site on 127.0.0.1 and a free port. */
    public static TestSite start() {
        try {
            return new TestSite();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the browser tests' TestSite on loopback", e);
        }
    }

    /** Serves {@code html} as {@code text/html} at {@code path}. */
    public TestSite page(String path, String html) {
        return page(path, html, Map.of());
    }

    /** Serves {@code html} at {@code path} with extra response headers, such as a Content-Security-Policy. */
    public TestSite page(String path, String html, Map<String, String> headers) {
        routes.put(checked(path), new Route(200, Map.copyOf(headers), html));
        return this;
    }

    /** Answers any method at {@code path} with {@code status} (a 3xx) and {@code Location: location}. */
    public TestSite redirect(String path, int status, String location) {
        if (status < 300 || status > 399) {
            throw new IllegalArgumentException("A redirect needs a 3xx status, not " + status);
        }
        routes.put(checked(path), new Route(status, Map.of("Location", location), ""));
        return this;
    }

    /** The absolute URL of {@code pathAndQuery} on this site, e.g. {@code url("/app?x=1")}. */
    public String url(String pathAndQuery) {
        return origin() + checked(pathAndQuery);
    }

    /** {@code http://127.0.0.1:port}, without a trailing slash. */
    public String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every request received so far, oldest first. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The requests received so far at exactly {@code path} (any query), oldest first. */
    public List<Request> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            // Recorded before answering: once the browser shows the answer, the test sees the request.
            requests.add(new Request(exchange.getRequestMethod(), path, query == null ? "" : query, body));

            Route route = routes.getOrDefault(path,
                    new Route(404, Map.of(), "<!doctype html><title>404</title><p>TestSite has no page at " + path));
            route.headers().forEach(exchange.getResponseHeaders()::add);
            exchange.getResponseHeaders().add("Cache-Control", "no-store");
            byte[] bytes = route.html().getBytes(StandardCharsets.UTF_8);
            if (bytes.length == 0) {
                exchange.sendResponseHeaders(route.status(), -1);
                return;
            }
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(route.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static String checked(String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("A TestSite path starts with '/': " + path);
        }
        return path;
    }
}
