package io.taskgate.server.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The fields of an {@code application/x-www-form-urlencoded} request body; the first of a repeated name wins. */
public final class Form {

    private Form() {}

    /** The body's fields, or none when the body is not a form. */
    public static Map<String, String> of(Call call) {
        String type = call.raw().header().apply("Content-Type").map(t -> t.split(";", 2)[0].strip().toLowerCase(Locale.ROOT)).orElse("");
        if (!type.equals("application/x-www-form-urlencoded") || call.raw().body().length == 0) {
            return Map.of();
        }
        Map<String, String> out = new HashMap<>();
        for (String pair : new String(call.raw().body(), StandardCharsets.UTF_8).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.putIfAbsent(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
            }
        }
        return out;
    }

    /** A cookie's value in the request, if it is there and not empty. */
    public static Optional<String> cookie(Call call, String name) {
        return call.raw().header().apply("Cookie").flatMap(header -> cookie(header, name));
    }

    /** A cookie's value in a {@code Cookie} header, if it is there and not empty. */
    public static Optional<String> cookie(String cookieHeader, String name) {
        for (String part : cookieHeader.split(";")) {
            String p = part.strip();
            if (p.startsWith(name + "=") && p.length() > name.length() + 1) {
                return Optional.of(p.substring(name.length() + 1));
            }
        }
        return Optional.empty();
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiError.input("the form body is not well encoded");
        }
    }
}
