package io.taskgate.server.oauth;

import io.taskgate.server.http.Call;
import io.taskgate.server.http.Reply;
import io.taskgate.server.http.Route;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The issuer's endpoints: the token endpoint (client credentials), its metadata (RFC 8414 and OIDC
 * Discovery, one document at both well-known paths) and its public keys.
 */
public final class OAuthRoutes {

    private final TokenGrant grant;
    private final AccessTokenIssuer issuer;
    private final KeyRing keys;
    private final URI tokenEndpoint;
    private final Map<String, Object> metadata;

    public OAuthRoutes(TokenGrant grant, AccessTokenIssuer issuer, KeyRing keys, TokenSettings settings) {
        this.grant = grant;
        this.issuer = issuer;
        this.keys = keys;
        this.tokenEndpoint = URI.create(issuer.issuer() + "/oauth/token");
        this.metadata = metadata(issuer.issuer(), settings);
    }

    public List<Route> routes() {
        return List.of(
                Route.oauth("POST", "/oauth/token", "token", this::token),
                Route.oauth("GET", "/oauth/jwks", "jwks", call -> cacheable(keys.publishedJson(), KeyRing.RELOAD_INTERVAL)),
                Route.oauth("GET", "/.well-known/openid-configuration", "openidConfiguration", call -> cacheable(metadata, Duration.ofHours(1))),
                Route.oauth("GET", "/.well-known/oauth-authorization-server", "authorizationServerMetadata",
                        call -> cacheable(metadata, Duration.ofHours(1))));
    }

    private Reply token(Call call) {
        ClientCredentialsRequest request = ClientCredentialsRequest.parse(tokenEndpoint, call.raw().header().apply("Content-Type"),
                call.raw().body(), call.raw().header().apply("Authorization"));
        TokenGrant.Decision decision = grant.decide(request);
        String token = issuer.sign(decision);
        // Keycloak's field order and its two extra fields, which Keycloak-shaped parsers expect.
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", token);
        body.put("expires_in", Duration.between(decision.issued(), decision.expires()).toSeconds());
        body.put("refresh_expires_in", 0);
        body.put("token_type", "Bearer");
        body.put("not-before-policy", 0);
        body.put("scope", String.join(" ", decision.scopes()));
        call.authorize(Map.of());
        return new Reply(200, body, Map.of("Cache-Control", "no-store", "Pragma", "no-cache"));
    }

    private static Reply cacheable(Object body, Duration maxAge) {
        return new Reply(200, body, Map.of("Cache-Control", "public, max-age=" + maxAge.toSeconds()));
    }

    private static Map<String, Object> metadata(String issuer, TokenSettings settings) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("issuer", issuer);
        m.put("token_endpoint", issuer + "/oauth/token");
        m.put("jwks_uri", issuer + "/oauth/jwks");
        m.put("grant_types_supported", List.of("client_credentials"));
        m.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"));
        m.put("response_types_supported", List.of());
        m.put("subject_types_supported", List.of("public")); // OIDC Discovery requires it; sub is the clientId, the same everywhere
        m.put("access_token_signing_alg_values_supported", List.of(settings.algorithm().getName()));
        return m;
    }
}
