package io.taskgate.server.oauth;

import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import io.taskgate.server.http.Call;
import io.taskgate.server.http.OAuthError;
import io.taskgate.server.http.Dates;
import io.taskgate.server.http.Reply;
import io.taskgate.server.http.Route;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The issuer's endpoints: the token endpoint (client credentials, and authorization codes for
 * registered apps), its metadata (RFC 8414 and OIDC Discovery, one document at both well-known
 * paths) and its public keys. The authorization endpoint itself is a page, in the login package.
 */
public final class OAuthRoutes {

    private final TokenGrant grant;
    private final CodeGrant codes;
    private final AppCredentials credentials;
    private final AccessTokenIssuer issuer;
    private final KeyRing keys;
    private final URI tokenEndpoint;
    private final Map<String, Object> metadata;
    /** Origins of the registered apps' redirect URIs: browser apps there may call the token endpoint (CORS). */
    private final java.util.Set<String> appOrigins;

    /** {@code codes} and {@code credentials} serve the authorization code grant of the apps {@code codes} knows. */
    public OAuthRoutes(TokenGrant grant, CodeGrant codes, AppCredentials credentials, AccessTokenIssuer issuer, KeyRing keys,
            TokenSettings settings) {
        this.grant = grant;
        this.codes = codes;
        this.credentials = credentials;
        this.issuer = issuer;
        this.keys = keys;
        this.tokenEndpoint = URI.create(issuer.issuer() + "/oauth/token");
        this.metadata = metadata(issuer.issuer(), settings, !codes.apps().isEmpty());
        this.appOrigins = codes.apps().apps().stream().flatMap(a -> a.redirectUris().stream()).map(OAuthApp::origin)
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    public List<Route> routes() {
        return List.of(
                Route.oauth("POST", "/oauth/token", "token", this::token),
                Route.oauth("OPTIONS", "/oauth/token", "tokenPreflight", this::preflight),
                Route.oauth("GET", "/oauth/jwks", "jwks", call -> cacheable(keys.publishedJson(), KeyRing.RELOAD_INTERVAL)),
                Route.oauth("GET", "/.well-known/openid-configuration", "openidConfiguration", call -> cacheable(metadata, Duration.ofHours(1))),
                Route.oauth("GET", "/.well-known/oauth-authorization-server", "authorizationServerMetadata",
                        call -> cacheable(metadata, Duration.ofHours(1))));
    }

    private Reply token(Call call) {
        String form = ClientCredentialsRequest.formBody(call.raw().header().apply("Content-Type"), call.raw().body());
        Optional<String> authorization = call.raw().header().apply("Authorization");
        if (!codes.apps().isEmpty() && URLUtils.parseParameters(form).getOrDefault("grant_type", List.of())
                .equals(List.of(GrantType.AUTHORIZATION_CODE.getValue()))) {
            Map<String, String> cors = cors(call);
            Reply reply;
            try {
                reply = codeToken(form, authorization);
            } catch (OAuthError e) {
                // The app's page must be able to read why, so its error carries the CORS headers too.
                Map<String, String> headers = new java.util.HashMap<>(e.headers());
                headers.putAll(cors);
                throw new OAuthError(e.status(), e.error(), e.getMessage(), headers);
            }
            call.authorize(Map.of());
            Map<String, String> headers = new java.util.HashMap<>(reply.headers());
            headers.putAll(cors);
            return new Reply(reply.status(), reply.body(), headers);
        }
        ClientCredentialsRequest request;
        try {
            request = ClientCredentialsRequest.parse(tokenEndpoint, form, authorization);
        } catch (OAuthError e) {
            if (!e.error().equals("unsupported_grant_type") || codes.apps().isEmpty()) {
                throw e;
            }
            throw new OAuthError(e.status(), e.error(), e.getMessage() + ", or authorization_code for registered apps", e.headers());
        }
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

    /**
     * The authorization code grant: a new client for the app, in the person's name, and a token for
     * it. Besides RFC 6749's fields the reply carries the client's own Taskgate credentials (for
     * Hawk, as Taskcluster's tools use them) and their expiry; the access token expires sooner.
     */
    private Reply codeToken(String form, Optional<String> authorization) {
        AuthorizationCodeRequest request = AuthorizationCodeRequest.parse(tokenEndpoint, form, authorization);
        CodeGrant.Decision decision = codes.decide(request);
        AppCredentials.Minted minted = credentials.create(decision);
        codes.issued(request, minted.clientId());
        TokenGrant.Decision token = grant.forClient(minted.clientId(), minted.expires());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", issuer.sign(token));
        body.put("token_type", "Bearer");
        body.put("expires_in", Duration.between(token.issued(), token.expires()).toSeconds());
        body.put("scope", String.join(" ", minted.scopes()));
        body.put("credentials", Map.of("clientId", minted.clientId(), "accessToken", minted.accessToken()));
        body.put("expires", Dates.iso(minted.expires()));
        return new Reply(200, body, Map.of("Cache-Control", "no-store", "Pragma", "no-cache"));
    }

    /**
     * CORS for the code exchange: a registered app's browser page (a public client with PKCE) posts
     * to the token endpoint from its own origin. Other origins get no CORS headers, so browsers keep
     * the answer from them; client_credentials, which needs a secret, is never offered to pages.
     */
    private Map<String, String> cors(Call call) {
        return call.raw().header().apply("Origin").filter(appOrigins::contains)
                .map(origin -> Map.of("Access-Control-Allow-Origin", origin, "Vary", "Origin")).orElse(Map.of());
    }

    private Reply preflight(Call call) {
        call.authorize(Map.of());
        Map<String, String> cors = cors(call);
        if (cors.isEmpty()) {
            return new Reply(204, null, Map.of("Vary", "Origin"));
        }
        Map<String, String> headers = new java.util.HashMap<>(cors);
        headers.put("Access-Control-Allow-Methods", "POST");
        headers.put("Access-Control-Allow-Headers", "Content-Type");
        headers.put("Access-Control-Max-Age", "600");
        return new Reply(204, null, headers);
    }

    private static Reply cacheable(Object body, Duration maxAge) {
        return new Reply(200, body, Map.of("Cache-Control", "public, max-age=" + maxAge.toSeconds()));
    }

    /** The metadata; the authorization endpoint and what goes with it only when some app is registered to use them. */
    private static Map<String, Object> metadata(String issuer, TokenSettings settings, boolean apps) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("issuer", issuer);
        if (apps) {
            m.put("authorization_endpoint", issuer + "/oauth/authorize");
        }
        m.put("token_endpoint", issuer + "/oauth/token");
        m.put("jwks_uri", issuer + "/oauth/jwks");
        m.put("grant_types_supported", apps ? List.of("client_credentials", "authorization_code") : List.of("client_credentials"));
        // "none" is how RFC 8414 §2 says that public clients (the apps, with PKCE) use the token endpoint.
        m.put("token_endpoint_auth_methods_supported", apps ? List.of("client_secret_basic", "client_secret_post", "none")
                : List.of("client_secret_basic", "client_secret_post"));
        m.put("response_types_supported", apps ? List.of("code") : List.of());
        if (apps) {
            m.put("code_challenge_methods_supported", List.of("S256"));
        }
        m.put("subject_types_supported", List.of("public")); // OIDC Discovery requires it; sub is the clientId, the same everywhere
        m.put("access_token_signing_alg_values_supported", List.of(settings.algorithm().getName()));
        return m;
    }
}
