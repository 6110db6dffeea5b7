package io.taskgate.server.oauth;

import io.taskgate.scopes.ScopeSet;
import io.taskgate.server.http.OAuthError;
import io.taskgate.server.login.LoginIdentity;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Decides what an authorization-code token request gets (RFC 6749 §4.1.3, RFC 7636 §4.6): the code
 * must be known, unused, unexpired, issued to this app for this redirect URI, and answered by the
 * PKCE verifier. A code is used up by its first presentation, right or wrong; one that comes back
 * revokes the credentials made from it (RFC 6749 §10.5). It mints nothing; {@link AppCredentials}
 * makes the client, {@link AccessTokenIssuer} signs the token.
 */
public final class CodeGrant {

    /** What the app gets: credentials in {@code identity}'s name, holding {@code scopes}. */
    public record Decision(OAuthApp app, LoginIdentity identity, List<String> scopes) {}

    private final OAuthApps apps;
    private final AuthorizationCodes codes;
    private final AppCredentials credentials;
    private final Clock clock;

    public CodeGrant(OAuthApps apps, AuthorizationCodes codes, AppCredentials credentials, Clock clock) {
        this.apps = apps;
        this.codes = codes;
        this.credentials = credentials;
        this.clock = clock;
    }

    /** The registered apps. */
    public OAuthApps apps() {
        return apps;
    }

    /** Decides, or fails with an RFC 6749 §5.2 error. */
    public Decision decide(AuthorizationCodeRequest request) {
        OAuthApp app = apps.find(request.clientId()).orElseThrow(() -> new OAuthError(400, "unauthorized_client",
                "client_id " + request.clientId() + " is not an app registered for the authorization code grant"));
        AuthorizationCode code = switch (codes.redeem(request.code())) {
            case AuthorizationCodeStore.Unknown u -> throw invalidGrant("The code is not valid");
            case AuthorizationCodeStore.Replayed r -> {
                r.issuedClient().ifPresent(clientId -> credentials.revoke(clientId, r.appId()));
                throw invalidGrant("The code was used before; the credentials made from it, if any, are revoked");
            }
            case AuthorizationCodeStore.First f -> f.code();
        };
        if (!code.appId().equals(app.clientId())) {
            throw invalidGrant("The code was issued to another client");
        }
        Instant now = clock.instant();
        if (now.isAfter(code.expires())) {
            throw invalidGrant("The code has expired: codes last " + AuthorizationCodes.LIFETIME.toSeconds() + " seconds");
        }
        if (!code.redirectUri().equals(request.redirectUri())) {
            throw invalidGrant("redirect_uri does not match the one the code was sent to");
        }
        if (!Pkce.verifies(request.verifier(), code.codeChallenge())) {
            throw invalidGrant("code_verifier does not match the code_challenge");
        }
        // The registration may have narrowed since the person allowed it; it still bounds what the app gets.
        ScopeSet allowed = app.allowed();
        List<String> scopes = code.scopes().stream().filter(allowed::satisfies).toList();
        return new Decision(app, code.identity(), scopes);
    }

    /** Notes the client made for {@code request}'s code, so that a replay of the code revokes it. */
    public void issued(AuthorizationCodeRequest request, String clientId) {
        codes.issued(request.code(), clientId);
    }

    private static OAuthError invalidGrant(String description) {
        return new OAuthError(400, "invalid_grant", description);
    }
}
