package io.taskgate.server.app;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the browser brings back to {@code taskgate signin}'s listener after the Access Grant: the
 * credentials, a refusal, or a query that is neither and is ignored.
 *
 * <p>The values come from a URL that any local program could also request, so each is checked
 * before it reaches a shell: ids and tokens are printable ASCII of a sane length, and the
 * certificate is one JSON object. Nothing here ever puts a value into a message.
 */
sealed interface SigninReply {

    /** Longest clientId taken; Taskcluster's own are far shorter, a login identity prefix included. */
    int MAX_CLIENT_ID = 256;
    /** Longest accessToken taken; Taskcluster's are 44 characters, a JWT would be longer. */
    int MAX_ACCESS_TOKEN = 4096;
    /** Longest certificate taken; a temporary credential's certificate holds its scopes, so allow plenty. */
    int MAX_CERTIFICATE = 64 * 1024;
    /** Longest error text repeated on the terminal. */
    int MAX_ERROR = 200;

    /** The Access Grant's credentials; {@code certificate} is there for temporary credentials. */
    record Granted(String clientId, String accessToken, Optional<String> certificate) implements SigninReply {
        @Override
        public String toString() {
            return "Granted[" + clientId + ", accessToken=(hidden), certificate=" + (certificate.isPresent() ? "(hidden)" : "none") + "]";
        }
    }

    /** The person refused, or the server could not grant; both texts are safe to print. */
    record Denied(String error, Optional<String> description) implements SigninReply {}

    /** A request on the right path that carries no usable answer; {@code reason} never quotes a value. */
    record Invalid(String reason) implements SigninReply {}

    /** Strict, so that {@code {"a":1} junk} is not taken for an object. */
    ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /**
     * Reads the redirect's query ({@code application/x-www-form-urlencoded}, as browsers and
     * {@code URLSearchParams} write it: {@code +} is a space, a literal plus is {@code %2B}).
     */
    static SigninReply parse(String rawQuery) {
        Map<String, String> params = new HashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name;
                String value;
                try {
                    name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                    value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException badEscape) {
                    return new Invalid("the query has a malformed %-escape");
                }
                // Two values for one name would leave us guessing which one the server meant.
                if (params.put(name, value) != null) {
                    return new Invalid("the query names " + printable(name, 40) + " twice");
                }
            }
        }
        String error = params.get("error");
        if (error != null) {
            String description = params.get("error_description");
            return new Denied(error.isBlank() ? "unknown_error" : printable(error, MAX_ERROR),
                    description == null || description.isBlank() ? Optional.empty() : Optional.of(printable(description, MAX_ERROR)));
        }
        String clientId = params.get("clientId");
        String accessToken = params.get("accessToken");
        if (clientId == null || accessToken == null) {
            return new Invalid("the query has no clientId and accessToken");
        }
        if (!isToken(clientId, MAX_CLIENT_ID)) {
            return new Invalid("the clientId is empty, too long or not printable ASCII");
        }
        if (!isToken(accessToken, MAX_ACCESS_TOKEN)) {
            return new Invalid("the accessToken is empty, too long or not printable ASCII");
        }
        String certificate = params.get("certificate");
        if (certificate == null || certificate.isEmpty()) {
            return new Granted(clientId, accessToken, Optional.empty());
        }
        if (certificate.length() > MAX_CERTIFICATE || !isJsonObject(certificate)) {
            return new Invalid("the certificate is not a JSON object of at most " + MAX_CERTIFICATE + " characters");
        }
        // Passed on as received: taskcluster-client parses it itself, and the server signed these exact fields.
        return new Granted(clientId, accessToken, Optional.of(certificate));
    }

    private static boolean isToken(String s, int maxLength) {
        if (s.isEmpty() || s.length() > maxLength) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    private static boolean isJsonObject(String s) {
        try {
            JsonNode node = JSON.readTree(s);
            return node != null && node.isObject();
        } catch (JacksonException notJson) {
            return false;
        }
    }

    /** {@code s} cut to {@code max} characters with anything but printable ASCII as {@code ?}, so that it cannot drive a terminal. */
    private static String printable(String s, int max) {
        StringBuilder out = new StringBuilder(Math.min(s.length(), max));
        for (int i = 0; i < s.length() && out.length() < max; i++) {
            char c = s.charAt(i);
            out.append(c >= 0x20 && c <= 0x7e ? c : '?');
        }
        return out.toString();
    }
}
