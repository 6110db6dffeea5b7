package io.taskgate.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The auth service ({@code /api/auth/v1}), one method per endpoint, with Taskcluster's paths and
 * bodies. Replies are the JSON the server sends; errors are {@link TaskgateException}s.
 */
public final class AuthClient {

    private final ApiClient api;

    /** A client for {@code rootUrl} with these credentials (none for anonymous calls). */
    public AuthClient(String rootUrl, Optional<Credentials> credentials) {
        this(rootUrl, credentials, Optional.empty(), Clock.systemUTC());
    }

    /** As above, narrowed to {@code authorizedScopes}, on the given clock. */
    public AuthClient(String rootUrl, Optional<Credentials> credentials, Optional<List<String>> authorizedScopes, Clock clock) {
        this.api = new ApiClient(rootUrl, "auth", credentials, authorizedScopes, clock);
    }

    public JsonNode ping() {
        return api.call("GET", "/ping", null);
    }

    public JsonNode listClients(Optional<String> prefix, Optional<String> continuationToken, Optional<Integer> limit) {
        return api.call("GET", "/clients/" + query("prefix", prefix, "continuationToken", continuationToken, "limit", limit.map(String::valueOf)), null);
    }

    public JsonNode client(String clientId) {
        return api.call("GET", "/clients/" + segment(clientId), null);
    }

    /** Creates a client; the reply holds its accessToken, shown this once. */
    public JsonNode createClient(String clientId, Instant expires, String description, List<String> scopes, boolean deleteOnExpiration) {
        return api.call("PUT", "/clients/" + segment(clientId), clientBody(expires, description, scopes, deleteOnExpiration));
    }

    public JsonNode updateClient(String clientId, Instant expires, String description, List<String> scopes, boolean deleteOnExpiration) {
        return api.call("POST", "/clients/" + segment(clientId), clientBody(expires, description, scopes, deleteOnExpiration));
    }

    /** Gives the client a new accessToken; the reply holds it, shown this once. */
    public JsonNode resetAccessToken(String clientId) {
        return api.call("POST", "/clients/" + segment(clientId) + "/reset", null);
    }

    public JsonNode enableClient(String clientId) {
        return api.call("POST", "/clients/" + segment(clientId) + "/enable", null);
    }

    public JsonNode disableClient(String clientId) {
        return api.call("POST", "/clients/" + segment(clientId) + "/disable", null);
    }

    public void deleteClient(String clientId) {
        api.call("DELETE", "/clients/" + segment(clientId), null);
    }

    public JsonNode listRoles() {
        return api.call("GET", "/roles/", null);
    }

    public JsonNode listRoles2(Optional<String> continuationToken, Optional<Integer> limit) {
        return api.call("GET", "/roles2/" + query("continuationToken", continuationToken, "limit", limit.map(String::valueOf)), null);
    }

    public JsonNode listRoleIds(Optional<String> continuationToken, Optional<Integer> limit) {
        return api.call("GET", "/roleids/" + query("continuationToken", continuationToken, "limit", limit.map(String::valueOf)), null);
    }

    public JsonNode role(String roleId) {
        return api.call("GET", "/roles/" + segment(roleId), null);
    }

    public JsonNode createRole(String roleId, String description, List<String> scopes) {
        return api.call("PUT", "/roles/" + segment(roleId), Map.of("description", description, "scopes", scopes));
    }

    public JsonNode updateRole(String roleId, String description, List<String> scopes) {
        return api.call("POST", "/roles/" + segment(roleId), Map.of("description", description, "scopes", scopes));
    }

    public void deleteRole(String roleId) {
        api.call("DELETE", "/roles/" + segment(roleId), null);
    }

    public JsonNode expandScopes(List<String> scopes) {
        return api.call("POST", "/scopes/expand", Map.of("scopes", scopes));
    }

    public JsonNode currentScopes() {
        return api.call("GET", "/scopes/current", null);
    }

    /** Asks the server to authenticate a request another backend received; see {@link RemoteHawkValidator}. */
    public JsonNode authenticateHawk(String method, String resource, String host, int port, Optional<String> authorization,
            Optional<String> sourceIp) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("method", method.toLowerCase(java.util.Locale.ROOT));
        body.put("resource", resource);
        body.put("host", host);
        body.put("port", port);
        authorization.ifPresent(a -> body.put("authorization", a));
        sourceIp.ifPresent(ip -> body.put("sourceIp", ip));
        return api.call("POST", "/authenticate-hawk", body);
    }

    public JsonNode testAuthenticate(List<String> clientScopes, List<String> requiredScopes) {
        return api.call("POST", "/test-authenticate", Map.of("clientScopes", clientScopes, "requiredScopes", requiredScopes));
    }

    public JsonNode testAuthenticateGet() {
        return api.call("GET", "/test-authenticate-get/", null);
    }

    public JsonNode listAuditHistory(String clientId, Optional<String> continuationToken, Optional<Integer> limit) {
        return api.call("GET", "/clients/" + segment(clientId) + "/audit"
                + query("continuationToken", continuationToken, "limit", limit.map(String::valueOf)), null);
    }

    public JsonNode getEntityHistory(String entityType, String entityId, Optional<String> continuationToken, Optional<Integer> limit) {
        return api.call("GET", "/audit/" + segment(entityType) + "/" + segment(entityId)
                + query("continuationToken", continuationToken, "limit", limit.map(String::valueOf)), null);
    }

    /** A signed URL for {@code currentScopes}, as {@code buildSignedUrl} makes it. */
    public URI currentScopesSignedUrl(Duration ttl) {
        return api.signedUrl("/scopes/current", ttl);
    }

    private static Map<String, Object> clientBody(Instant expires, String description, List<String> scopes, boolean deleteOnExpiration) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("expires", expires.toString());
        body.put("description", description);
        body.put("scopes", scopes);
        body.put("deleteOnExpiration", deleteOnExpiration);
        return body;
    }

    /** One path segment, percent-encoded as {@code encodeURIComponent} does (so {@code a/b} is {@code a%2Fb}). */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("%21", "!").replace("%27", "'")
                .replace("%28", "(").replace("%29", ")").replace("%7E", "~");
    }

    @SafeVarargs
    private static String query(Object... pairs) {
        StringBuilder q = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            @SuppressWarnings("unchecked")
            Optional<String> value = (Optional<String>) pairs[i + 1];
            if (value.isPresent()) {
                q.append(q.length() == 0 ? '?' : '&').append(pairs[i]).append('=').append(URLEncoder.encode(value.get(), StandardCharsets.UTF_8));
            }
        }
        return q.toString();
    }
}
