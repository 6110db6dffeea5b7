package io.taskgate.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskgate.scopes.Scopes;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads request bodies field by field; every failure is a 400 that names the field and says why. */
public final class Body {

    /** The most scopes one list may hold. */
    public static final int MAX_SCOPES = 10_000;

    private Body() {}

    /** The body must be an object holding no fields but {@code allowed}. */
    public static void onlyFields(JsonNode body, Set<String> allowed) {
        if (!body.isObject()) {
            throw ApiError.input("the request body must be a JSON object");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw ApiError.input(name + ": is not an allowed property here");
            }
        }
    }

    public static String requiredText(JsonNode body, String field) {
        return text(body, field).orElseThrow(() -> ApiError.input(field + ": is required"));
    }

    public static Optional<String> text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw ApiError.input(field + ": must be a string");
        }
        return Optional.of(value.asText());
    }

    /** A string of at most {@code max} characters. */
    public static String boundedText(JsonNode body, String field, int max) {
        String s = requiredText(body, field);
        if (s.length() > max) {
            throw ApiError.input(field + ": must be at most " + max + " characters");
        }
        return s;
    }

    public static Optional<Boolean> bool(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            throw ApiError.input(field + ": must be true or false");
        }
        return Optional.of(value.asBoolean());
    }

    /** An ISO-8601 date-time such as {@code 2026-11-23T12:00:00.000Z}. */
    public static Instant dateTime(JsonNode body, String field) {
        String s = requiredText(body, field);
        try {
            return java.time.OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiError.input(field + ": must be an ISO-8601 date-time such as 2026-11-23T12:00:00.000Z");
        }
    }

    /** An array of valid scopes; {@code assignable} also refuses scopes ending in {@code **}. */
    public static List<String> scopes(JsonNode body, String field, boolean assignable) {
        JsonNode array = body.get(field);
        if (array == null || !array.isArray()) {
            throw ApiError.input(field + ": must be an array of scopes");
        }
        if (array.size() > MAX_SCOPES) {
            throw ApiError.input(field + ": holds more than " + MAX_SCOPES + " scopes");
        }
        List<String> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonNode s = array.get(i);
            if (!s.isTextual() || !Scopes.isValid(s.asText())) {
                throw ApiError.input(field + "[" + i + "]: must be a scope, a string of printable ASCII");
            }
            if (assignable && s.asText().endsWith("**")) {
                throw ApiError.input(field + "[" + i + "]: a scope may not end in **");
            }
            out.add(s.asText());
        }
        return out;
    }

    /** The {@code limit} query parameter: 1 to 1000, or {@code fallback}. */
    public static int limit(Call call, int fallback) {
        String value = call.query().get("limit");
        if (value == null) {
            return fallback;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= 1000) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // fall through to the error
        }
        throw ApiError.input("limit: must be a whole number from 1 to 1000");
    }
}
