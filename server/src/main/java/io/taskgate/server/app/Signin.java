package io.taskgate.server.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code taskgate signin}: gets Taskcluster credentials for a shell through the server's Access
 * Grant page, and prints them as {@code export} lines for {@code eval}.
 *
 * <p>How it works: a one-shot HTTP listener on 127.0.0.1 at a free port waits on a path made of a
 * random token; the login URL names it as the {@code target}. After Grant Access the server
 * redirects the browser there with {@code clientId}, {@code accessToken} and {@code certificate};
 * the listener answers a page, stops, and the credentials go to standard output. Everything for the
 * person (the URL, progress, errors) goes to standard error, so that {@code eval "$(taskgate signin)"}
 * only ever evaluates the export lines. See spec/login.md, "CLI sign-in".
 */
@Command(name = "signin", mixinStandardHelpOptions = true,
        description = {"Sign in through the server's Access Grant page in a browser and print Taskcluster credentials as shell exports.",
            "Use it as: eval \"$(taskgate signin --root-url https://taskgate.example.com)\""})
public final class Signin implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--root-url", paramLabel = "URL", description = "The server's root URL (default: TASKCLUSTER_ROOT_URL).")
    String rootUrl;

    @Option(names = "--description", paramLabel = "MARKDOWN",
            description = "What the Access Grant page tells the person (default: the Taskgate CLI on this host asks for credentials).")
    String description;

    @Option(names = "--open", description = "Also try to open the URL in a browser.")
    boolean open;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "How long to wait for the browser (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    private final Map<String, String> env;
    private final SecureRandom random;
    private final Consumer<String> browser;

    /** The command as {@code taskgate} runs it: the process environment, a real browser. */
    public Signin() {
        this(System.getenv(), new SecureRandom(), Signin::openBrowser);
    }

    /** For tests: the environment, the randomness and what {@code --open} calls are given. */
    Signin(Map<String, String> env, SecureRandom random, Consumer<String> browser) {
        this.env = Map.copyOf(env);
        this.random = random;
        this.browser = browser;
    }

    @Override
    public Integer call() throws Exception {
        String root = rootUrl();
        if (timeoutSeconds <= 0) {
            throw new ParameterException(spec.commandLine(), "--timeout must be a positive number of seconds");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();

        // 256 bits: another web page in the same browser could aim requests at 127.0.0.1 and scan the
        // ports, but it cannot guess this path, so it can neither inject credentials nor deny ours.
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String path = "/" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes) + "/";

        Listener listener;
        try {
            listener = new Listener(path, err);
        } catch (IOException e) {
            err.println("taskgate signin: cannot listen on 127.0.0.1: " + e.getMessage());
            return 1;
        }
        try {
            String target = "http://127.0.0.1:" + listener.port() + path;
            String login = root + "/login?target=" + encode(target) + "&description=" + encode(descriptionOrDefault());
            err.println("Open this URL in your browser to sign in:");
            err.println("  " + login);
            err.println("Waiting up to " + timeoutSeconds + " s for the browser; Ctrl-C gives up.");
            err.flush();
            if (open) {
                browser.accept(login);
            }
            SigninReply reply;
            try {
                reply = listener.reply().get(timeoutSeconds, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                err.println("taskgate signin: no answer from the browser within " + timeoutSeconds + " s; run it again to retry.");
                return 1;
            } catch (ExecutionException e) {
                err.println("taskgate signin: the listener failed: " + e.getCause());
                return 1;
            }
            listener.close(); // before printing, so a second redirect cannot arrive once the shell has the values
            return switch (reply) {
                case SigninReply.Granted granted -> {
                    exports(root, granted).forEach(out::println);
                    out.flush();
                    err.println("Signed in as " + granted.clientId() + ".");
                    yield 0;
                }
                case SigninReply.Denied denied -> {
                    err.println("taskgate signin: access was not granted (" + denied.error()
                            + denied.description().map(d -> ": " + d).orElse("") + ").");
                    yield 1;
                }
                case SigninReply.Invalid invalid -> throw new IllegalStateException("an invalid reply never ends the wait");
            };
        } finally {
            listener.close();
            err.flush();
        }
    }

    /** The root URL from the option or the environment, checked, without a trailing slash. */
    private String rootUrl() {
        String given = rootUrl != null ? rootUrl : env.get("TASKCLUSTER_ROOT_URL");
        if (given == null || given.isBlank()) {
            throw new ParameterException(spec.commandLine(), "Missing the server's root URL: give --root-url or set TASKCLUSTER_ROOT_URL");
        }
        String trimmed = given.strip();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        try {
            URI uri = new URI(trimmed);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                    && uri.getRawUserInfo() == null && uri.getRawQuery() == null && uri.getRawFragment() == null) {
                return trimmed;
            }
        } catch (URISyntaxException e) {
            // falls through to the message below
        }
        throw new ParameterException(spec.commandLine(), "The root URL must be an http(s) URL such as https://taskgate.example.com, not " + given);
    }

    private String descriptionOrDefault() {
        if (description != null) {
            return description;
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "this computer";
        }
        return "The Taskgate command line (`taskgate signin`) on `" + host.replace("`", "") + "` asks for credentials to use in a shell.";
    }

    /**
     * The lines for {@code eval}: each value in POSIX single quotes, where nothing is special but the
     * quote itself, written {@code '\''}. Without a certificate the variable is unset, so that a
     * stale one from an earlier sign-in cannot pair with new permanent credentials.
     */
    static List<String> exports(String root, SigninReply.Granted granted) {
        List<String> lines = new ArrayList<>(4);
        lines.add("export TASKCLUSTER_ROOT_URL=" + shellQuote(root));
        lines.add("export TASKCLUSTER_CLIENT_ID=" + shellQuote(granted.clientId()));
        lines.add("export TASKCLUSTER_ACCESS_TOKEN=" + shellQuote(granted.accessToken()));
        lines.add(granted.certificate().map(c -> "export TASKCLUSTER_CERTIFICATE=" + shellQuote(c)).orElse("unset TASKCLUSTER_CERTIFICATE"));
        return lines;
    }

    static String shellQuote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    /** Percent-encoding with {@code %20} for spaces, which every query parser reads the same way. */
    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * Best effort, never an error: the URL is printed anyway. On Linux and the BSDs {@code xdg-open}
     * runs with its output discarded, because a browser started through AWT there may inherit our
     * standard output and keep {@code $(taskgate signin)} waiting until the browser quits.
     */
    private static void openBrowser(String url) {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        boolean xdg = !os.contains("win") && !os.contains("mac");
        Thread.ofVirtual().start(() -> { // a browser launcher that hangs must not hold up the listener
            try {
                if (xdg) {
                    new ProcessBuilder("xdg-open", url).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
                } else if (java.awt.Desktop.isDesktopSupported() && java.awt.Desktop.getDesktop().isSupported(java.awt.Desktop.Action.BROWSE)) {
                    java.awt.Desktop.getDesktop().browse(URI.create(url));
                }
            } catch (Exception | LinkageError ignored) {
                // No browser here (a server over SSH, a runtime without java.desktop): the printed URL serves.
            }
        });
    }

    /** The one-shot listener: answers the browser, hands the first usable reply over, then stops. */
    private static final class Listener implements AutoCloseable {

        /**
         * Held so that the setting sticks: the JDK server logs a few warnings (a HEAD with a body, say),
         * and in {@code taskgate} logs go to standard output, which here is meant for {@code eval}.
         */
        private static final java.util.logging.Logger JDK_SERVER_LOG = java.util.logging.Logger.getLogger("com.sun.net.httpserver");

        private final String path;
        private final PrintWriter err;
        private final HttpServer server;
        private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        private final CompletableFuture<SigninReply> reply = new CompletableFuture<>();
        private final AtomicBoolean answered = new AtomicBoolean();
        private final AtomicBoolean closed = new AtomicBoolean();

        Listener(String path, PrintWriter err) throws IOException {
            this.path = path;
            this.err = err;
            JDK_SERVER_LOG.setLevel(java.util.logging.Level.OFF);
            // 127.0.0.1 literally, not "localhost": the target must name the very address we bind.
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0), 8);
            server.setExecutor(executor); // a local program that opens a connection and stalls blocks only its own thread
            server.createContext("/", this::handle);
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        CompletableFuture<SigninReply> reply() {
            return reply;
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                if (!MessageDigest.isEqual(path.getBytes(StandardCharsets.UTF_8),
                        String.valueOf(exchange.getRequestURI().getRawPath()).getBytes(StandardCharsets.UTF_8))) {
                    page(exchange, 404, "Not found", "There is nothing here.", false); // e.g. /favicon.ico
                    return;
                }
                if (!exchange.getRequestMethod().equals("GET")) {
                    exchange.getResponseHeaders().set("Allow", "GET");
                    page(exchange, 405, "Method not allowed", "Only the browser's redirect is expected here.", false);
                    return;
                }
                SigninReply parsed = SigninReply.parse(exchange.getRequestURI().getRawQuery());
                if (parsed instanceof SigninReply.Invalid invalid) {
                    synchronized (err) {
                        err.println("Ignored a reply that is not a valid sign-in: " + invalid.reason() + "; still waiting.");
                        err.flush();
                    }
                    page(exchange, 400, "Not a valid sign-in",
                            "This reply is not one taskgate signin can use; the command is still waiting. Try signing in again.", false);
                    return;
                }
                if (!answered.compareAndSet(false, true)) {
                    page(exchange, 409, "Already answered", "taskgate signin has already had its answer.", true);
                    return;
                }
                try {
                    if (parsed instanceof SigninReply.Granted) {
                        page(exchange, 200, "Signed in", "The command line has its credentials. You may close this window.", true);
                    } else {
                        page(exchange, 200, "Access denied", "Access was denied; the command line got no credentials. You may close this window.", true);
                    }
                } finally {
                    // After the page is sent, so the browser has it before the listener stops; and even if the
                    // browser went away meanwhile, since the answer itself has arrived.
                    reply.complete(parsed);
                }
            } catch (RuntimeException e) {
                reply.completeExceptionally(e);
                throw e;
            }
        }

        /** A self-contained page: no scripts, styles or images to fetch, no referrer, nothing cached. */
        private static void page(HttpExchange exchange, int status, String title, String text, boolean last) throws IOException {
            byte[] body = ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title + " - Taskgate</title></head>\n"
                    + "<body><h1>" + title + "</h1>\n<p>" + text + "</p></body></html>\n").getBytes(StandardCharsets.UTF_8);
            var headers = exchange.getResponseHeaders();
            headers.set("Content-Type", "text/html; charset=utf-8");
            headers.set("Content-Security-Policy", "default-src 'none'");
            headers.set("Referrer-Policy", "no-referrer");
            headers.set("Cache-Control", "no-store");
            headers.set("X-Content-Type-Options", "nosniff");
            if (last) {
                headers.set("Connection", "close"); // the listener is about to stop; let the browser know
            }
            if (exchange.getRequestMethod().equals("HEAD")) {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(body);
            }
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                server.stop(1); // returns once the page in flight is sent; at most a second
                executor.shutdownNow();
            }
        }
    }
}
