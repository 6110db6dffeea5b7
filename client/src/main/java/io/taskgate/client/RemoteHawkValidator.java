package io.taskgate.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskgate.hawk.Hawk;
import io.taskgate.scopes.Identities;
import io.taskgate.scopes.ScopeExpression;
import io.taskgate.scopes.ScopeSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a third-party Java backend needs to accept Hawk-signed requests: it hands over the parts of
 * an incoming request; the validator asks Taskgate's {@code authenticateHawk}, checks the body
 * against the payload hash, checks the scopes the operation needs, and returns who called, with
 * the identities their scopes assert (read literally). The clientId is for logs only: decide by
 * scopes and identities.
 */
public final class RemoteHawkValidator {

    /** An authenticated, authorized caller. */
    public record Caller(Optional<String> clientId, ScopeSet scopes, Instant expires, Identities identities) {}

    /** A refusal: 401 when the credentials failed, 403 when they lack scopes (with what is missing). */
    public static final class Refused extends RuntimeException {
        private final int status;
        private final Optional<ScopeExpression> unsatisfied;

        Refused(int status, String message, Optional<ScopeExpression> unsatisfied) {
            super(message);
            this.status = status;
            this.unsatisfied = unsatisfied;
        }

        public int status() {
            return status;
        }

        public Optional<ScopeExpression> unsatisfied() {
            return unsatisfied;
        }
    }

    private final AuthClient auth;

    /** Validates against the Taskgate at {@code rootUrl}; authenticateHawk needs no credentials. */
    public RemoteHawkValidator(String rootUrl) {
        this.auth = new AuthClient(rootUrl, Optional.empty());
    }

    /**
     * Validates one incoming request: its method, raw resource (path and query as received), the
     * host and port the client addressed, its Authorization header if any, its body and content
     * type, and the scopes the operation requires.
     */
    public Caller validate(String method, String resource, String host, int port, Optional<String> authorization, byte[] body,
            String contentType, ScopeExpression required) {
        JsonNode reply = auth.authenticateHawk(method, resource, host, port, authorization, Optional.empty());
        String status = reply.get("status").asText();
        if (status.equals("auth-failed")) {
            throw new Refused(401, reply.get("message").asText(), Optional.empty());
        }
        if (reply.has("hash") && !Hawk.constantTimeEquals(Hawk.payloadHash(contentType, body), reply.get("hash").asText())) {
            throw new Refused(401, "Unauthorized: Bad payload hash", Optional.empty());
        }
        List<String> granted = new ArrayList<>();
        reply.get("scopes").forEach(s -> granted.add(s.asText()));
        ScopeSet scopes = ScopeSet.of(granted);
        Optional<ScopeExpression> missing = required.unsatisfied(scopes);
        if (missing.isPresent()) {
            throw new Refused(status.equals("no-auth") ? 401 : 403,
                    "the request lacks scopes: " + missing.get().toJson(), missing);
        }
        return new Caller(Optional.ofNullable(reply.get("clientId")).map(JsonNode::asText), scopes,
                Instant.parse(reply.get("expires").asText()), Identities.of(granted));
    }
}
