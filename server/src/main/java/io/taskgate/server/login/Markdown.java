package io.taskgate.server.login;

import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Renders the Access Grant's description, which the requesting site wrote and so must be treated as
 * hostile: raw HTML is escaped rather than passed through, link and image URLs other than absolute
 * http, https and mailto (such as {@code javascript:} and {@code data:}) are emptied, and links carry {@code rel="nofollow noopener noreferrer"}.
 * The page's Content-Security-Policy is the second wall: no script runs and no outside image loads.
 */
public final class Markdown {

    /** The longest description accepted, in characters. */
    public static final int MAX_LENGTH = 4_000; // the request line is capped at 8 KiB, target included

    private static final Parser PARSER = Parser.builder().build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder()
            .escapeHtml(true)
            .sanitizeUrls(true)
            .urlSanitizer(new org.commonmark.renderer.html.UrlSanitizer() {
                @Override
                public String sanitizeLinkUrl(String url) {
                    return allowed(url);
                }

                @Override
                public String sanitizeImageUrl(String url) {
                    return allowed(url);
                }
            })
            .attributeProviderFactory(context -> (node, tag, attributes) -> {
                if (tag.equals("a")) {
                    attributes.put("rel", "nofollow noopener noreferrer");
                }
            })
            .build();

    private Markdown() {}

    /**
     * Only absolute {@code http}, {@code https} and {@code mailto} URLs survive: commonmark's own
     * sanitizer lets {@code data:} through, and a relative URL would point into Taskgate itself.
     */
    static String allowed(String url) {
        String u = url.strip().toLowerCase(java.util.Locale.ROOT);
        return u.startsWith("https://") || u.startsWith("http://") || u.startsWith("mailto:") ? url : "";
    }

    /** Safe HTML for {@code markdown}. */
    public static String render(String markdown) {
        return RENDERER.render(PARSER.parse(markdown));
    }
}
