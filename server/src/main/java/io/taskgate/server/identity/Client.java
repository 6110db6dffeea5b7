package io.taskgate.server.identity;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A client: a clientId and an accessToken, with scopes, an expiry, a disabled flag and a
 * description. The accessToken is held in the clear only in memory; {@link #toString} never shows it.
 */
public record Client(String clientId, String description, String accessToken, List<String> scopes, Instant expires,
        Instant created, Instant lastModified, Instant lastDateUsed, Instant lastRotated, boolean deleteOnExpiration,
        boolean disabled) {

    public Client {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(accessToken, "accessToken");
        scopes = List.copyOf(scopes);
    }

    @Override
    public String toString() {
        return "Client[" + clientId + ", scopes=" + scopes + ", expires=" + expires + ", disabled=" + disabled
                + ", accessToken=(hidden)]";
    }
}
