package io.taskgate.server.http;

import java.util.Map;

/**
 * A server-rendered HTML page as a reply body, and the one place that escapes text into HTML. Pages
 * run no script: the headers from {@link #headers} forbid it, forbid framing, and keep the page
 * (which may carry credentials in its links) out of caches and referrers.
 */
public record Html(String text) {

    /** Headers every page carries; {@code formTargets} are origins a form on the page may post or redirect to. */
    public static Map<String, String> headers(String formTargets) {
        return Map.of(
                "Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'"
                        + (formTargets.isEmpty() ? "" : " " + formTargets) + "; frame-ancestors 'none'; base-uri 'none'",
                "Referrer-Policy", "no-referrer",
                "Cache-Control", "no-store",
                "X-Content-Type-Options", "nosniff",
                "X-Frame-Options", "DENY");
    }

    /** Escapes text for HTML element content and quoted attribute values. */
    public static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A whole page: the shared head (phone-width viewport, the stylesheet) around {@code body}, which must be escaped already. */
    public static Html page(String title, String body) {
        return new Html("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + escape(title) + " · Taskgate</title><link rel=\"stylesheet\" href=\"/login/style.css\"></head>\n"
                + "<body><main>\n" + body + "\n</main></body></html>\n");
    }

    /** An error page for {@code message}, for routes whose clients are people with browsers. */
    public static Html errorPage(int status, String message) {
        String title = status == 404 ? "Not found" : status == 429 ? "Too many attempts" : status >= 500 ? "Something went wrong"
                : "This request cannot be completed";
        return page(title, "<h1>" + escape(title) + "</h1>\n<p role=\"alert\">" + escape(message) + "</p>\n"
                + "<p><a href=\"/login\">Back to sign-in</a></p>");
    }
}
