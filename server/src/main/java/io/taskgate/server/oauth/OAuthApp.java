package io.taskgate.server.oauth;

import io.taskgate.scopes.ScopeSet;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A third-party web app registered to use the authorization code flow (RFC 6749 §4.1) as a public
 * client: no secret, PKCE with S256 instead (RFC 7636). It names the exact redirect URIs it may be
 * sent back to, the scope patterns it may ask for, how long the credentials it gets may last, and
 * whether people are asked before it gets them.
 *
 * @param clientId the app's {@code client_id}, also part of the clientIds made for it
 * @param name shown to people on the consent page
 * @param maxLifetime how long the credentials made for one sign-in last, at most 31 days
 * @param skipConsent whether a signed-in person is sent back with a code without being asked
 */
public record OAuthApp(String clientId, String name, List<String> redirectUris, List<String> scopes, Duration maxLifetime,
        boolean skipConsent) {

    public OAuthApp {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(name, "name");
        redirectUris = List.copyOf(redirectUris);
        scopes = List.copyOf(scopes);
    }

    /** Whether {@code redirectUri} is registered, compared as the exact string (RFC 6749 §3.1.2.3, RFC 9700 §4.1.3). */
    public boolean redirects(String redirectUri) {
        return redirectUris.contains(redirectUri);
    }

    /** The registered scope patterns, as a set that can say what they satisfy. */
    public ScopeSet allowed() {
        return ScopeSet.of(scopes);
    }

    /** {@code scheme://host[:port]} of a redirect URI: shown in large type, and the page's form may go there. */
    public static String origin(String redirectUri) {
        URI uri = URI.create(redirectUri);
        return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getRawAuthority().toLowerCase(Locale.ROOT);
    }
}
