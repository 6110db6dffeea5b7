package io.taskgate.server.http;

import io.taskgate.scopes.ScopeExpression;
import io.taskgate.server.authn.Principal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The one scope check: 401 for a caller without credentials, 403 with what is missing for others. */
public final class Authorization {

    private Authorization() {}

    /** Passes if {@code principal} satisfies {@code required}; else throws the API's 401 or 403. */
    public static void require(Principal principal, ScopeExpression required, String method) {
        if (required.satisfiedBy(principal.scopes())) {
            return; // the common case, without building the remainder
        }
        Optional<ScopeExpression> unsatisfied = required.unsatisfied(principal.scopes());
        if (unsatisfied.isEmpty()) {
            return;
        }
        if (principal.isAnonymous()) {
            throw ApiError.authenticationFailed("This request needs credentials: " + method + " requires " + required.toJson());
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("required", required.toTree());
        details.put("unsatisfied", unsatisfied.get().toTree());
        throw new ApiError(403, "InsufficientScopes", "Client ID " + principal.clientId().get()
                + " does not have sufficient scopes and is missing the following scopes:\n\n```\n"
                + unsatisfied.get().toJson() + "\n```\n\nThis request requires the client to satisfy the following scope expression:\n\n```\n"
                + required.toJson() + "\n```", details);
    }
}
