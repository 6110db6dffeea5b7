package io.taskgate.server.app;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser without a screen, for page tests over real HTTP: it keeps cookies, never follows
 * redirects (tests look at each one), and reads a page's hidden form fields.
 */
final class PageClient {

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final TestServer server;
    final Map<String, String> cookies = new LinkedHashMap<>();

    PageClient(TestServer server) {
        this.server = server;
    }

    HttpResponse<String> get(String pathAndQuery) throws Exception {
        return send(HttpRequest.newBuilder(server.url(pathAndQuery)).GET());
    }

    HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
        return send(HttpRequest.newBuilder(server.url(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form))));
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        if (!cookies.isEmpty()) {
            StringBuilder c = new StringBuilder();
            cookies.forEach((k, v) -> c.append(c.isEmpty() ? "" : "; ").append(k).append('=').append(v));
            b.header("Cookie", c.toString());
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        for (String set : r.headers().allValues("Set-Cookie")) {
            String pair = set.split(";", 2)[0];
            int eq = pair.indexOf('=');
            String name = pair.substring(0, eq);
            String value = pair.substring(eq + 1);
            if (value.isEmpty() || set.contains("Max-Age=0")) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
        return r;
    }

    /** Signs in with a password at the sign-in page and follows the redirect once; returns that page. */
    HttpResponse<String> signIn(String pathAndQuery, String source, String username, String password) throws Exception {
        HttpResponse<String> page = get(pathAndQuery);
        Map<String, String> form = hidden(page.body());
        form.put("source", source);
        form.put("username", username);
        form.put("password", password);
        HttpResponse<String> r = post("/login/password", form);
        if (r.statusCode() != 303) {
            throw new AssertionError("sign-in failed with " + r.statusCode() + ": " + r.body());
        }
        return get(location(r));
    }

    /** Submits the form of {@code page} to {@code action}: its hidden fields, with {@code answers} added or replacing them. */
    HttpResponse<String> submit(HttpResponse<String> page, String action, Map<String, String> answers) throws Exception {
        Map<String, String> form = hidden(page.body());
        form.putAll(answers);
        return post(action, form);
    }

    static String location(HttpResponse<String> r) {
        return r.headers().firstValue("Location").orElseThrow(() -> new AssertionError("no Location in " + r.statusCode() + " " + r.body()));
    }

    /** The hidden fields of the first form on the page that has them (later duplicates ignored). */
    static Map<String, String> hidden(String html) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">").matcher(html);
        while (m.find()) {
            out.putIfAbsent(m.group(1), unescape(m.group(2)));
        }
        return out;
    }

    static String unescape(String s) {
        return s.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    static String encode(Map<String, String> form) {
        StringBuilder b = new StringBuilder();
        form.forEach((k, v) -> b.append(b.isEmpty() ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return b.toString();
    }

    /** The query parameters of a URL (or of its fragment, when {@code fragment}), decoded. */
    static Map<String, String> params(String url, boolean fragment) {
        URI uri = URI.create(url);
        String raw = fragment ? uri.getRawFragment() : uri.getRawQuery();
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq < 0) {
                continue; // a fragment's own anchor, such as #top
            }
            out.put(java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    static List<String> list(String... s) {
        return List.of(s);
    }
}
