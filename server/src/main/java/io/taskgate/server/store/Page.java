package io.taskgate.server.store;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** One page of a list, and the opaque token for the next page (absent on the last). */
public record Page<T>(List<T> items, Optional<String> continuationToken) {

    /** Lists allow at most this many items a page. */
    public static final int MAX_LIMIT = 1000;

    /** The token that continues after {@code lastKey}. */
    public static String tokenAfter(String lastKey) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(lastKey.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The key a token continues after.
     *
     * @throws IllegalArgumentException for a token this server did not hand out
     */
    public static String keyOf(String token) {
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("continuationToken is not one this server gave out");
        }
    }
}
