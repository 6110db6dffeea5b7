package io.taskgate.server.oauth;

import io.taskgate.server.login.LoginIdentity;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What an authorization code stands for (RFC 6749 §4.1.2): the app it was issued to, the exact
 * redirect URI it was sent to, the PKCE challenge its redeemer must answer, the person who allowed
 * it, the scopes they granted, and when it stops being redeemable. The code itself is not here; it
 * is stored only as a hash.
 */
public record AuthorizationCode(String appId, String redirectUri, String codeChallenge, LoginIdentity identity, List<String> scopes,
        Instant expires) {

    public AuthorizationCode {
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(redirectUri, "redirectUri");
        Objects.requireNonNull(codeChallenge, "codeChallenge");
        Objects.requireNonNull(identity, "identity");
        scopes = List.copyOf(scopes);
    }
}
