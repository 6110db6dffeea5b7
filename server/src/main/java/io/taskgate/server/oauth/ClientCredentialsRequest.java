package io.taskgate.server.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.common.contenttype.ContentType;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import io.taskgate.scopes.Scopes;
import io.taskgate.server.http.OAuthError;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A client-credentials token request (RFC 6749 §4.4.2), parsed from a form or a JSON body:
 * <ul>
 *   <li>{@code grant_type}: REQUIRED, {@code client_credentials};
 *   <li>client authentication: REQUIRED, exactly one of {@code client_secret_basic} (the
 *       {@code Authorization: Basic} header) and {@code client_secret_post} ({@code client_id} and
 *       {@code client_secret} in the body);
 *   <li>{@code audience} (Keycloak, Camunda) and {@code resource} (RFC 8707): OPTIONAL, repeatable;
 *   <li>{@code scope}: OPTIONAL, space-separated Taskgate scopes.
 * </ul>
 * Nimbus's {@link TokenRequest} does the RFC parsing; a JSON body is read as the same parameters.
 *
 * @param scopes empty when the request names no scope, or asks for everything with a
 *     {@code /.default} scope (Entra's convention)
 */
public record ClientCredentialsRequest(String clientId, String secret, boolean basic, List<String> audiences,
        Optional<List<String>> scopes) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEFAULT_SUFFIX = "/.default";

    @Override
    public String toString() {
        return "ClientCredentialsRequest[" + clientId + ", audiences=" + audiences + ", scopes=" + scopes + ", secret=(hidden)]";
    }

    /**
     * Parses a request to the token endpoint {@code endpoint}.
     *
     * @throws OAuthError {@code invalid_request}, {@code invalid_client}, {@code unsupported_grant_type}
     *     or {@code invalid_scope}, naming what is wrong
     */
    public static ClientCredentialsRequest parse(URI endpoint, Optional<String> contentType, byte[] body,
            Optional<String> authorization) {
        return parse(endpoint, formBody(contentType, body), authorization);
    }

    /** As {@link #parse(URI, Optional, byte[], Optional)}, for a body already read as form parameters by {@link #formBody}. */
    static ClientCredentialsRequest parse(URI endpoint, String form, Optional<String> authorization) {
        Map<String, List<String>> params = URLUtils.parseParameters(form);
        if (authorization.isPresent() && params.containsKey("client_secret")) {
            throw OAuthError.invalidRequest("Use one client authentication method: an Authorization header or client_secret in the body, not both");
        }
        List<String> grantType = params.getOrDefault("grant_type", List.of());
        if (grantType.size() == 1 && !grantType.get(0).equals(GrantType.CLIENT_CREDENTIALS.getValue())) {
            // Decided before Nimbus parses, so that another grant's missing parameters do not hide this answer.
            throw new OAuthError(400, "unsupported_grant_type",
                    "grant_type " + grantType.get(0) + " is not supported here; use client_credentials");
        }
        HTTPRequest http = new HTTPRequest(HTTPRequest.Method.POST, endpoint);
        http.setEntityContentType(ContentType.APPLICATION_URLENCODED);
        http.setBody(form);
        authorization.ifPresent(http::setAuthorization);
        TokenRequest request;
        try {
            request = TokenRequest.parse(http);
        } catch (ParseException e) {
            throw error(e);
        }
        AuthorizationGrant grant = request.getAuthorizationGrant();
        if (!(grant instanceof ClientCredentialsGrant)) {
            throw new OAuthError(400, "unsupported_grant_type",
                    "grant_type " + grant.getType() + " is not supported here; use client_credentials");
        }
        ClientAuthentication auth = request.getClientAuthentication();
        String secret = switch (auth) {
            case ClientSecretBasic b -> b.getClientSecret().getValue();
            case ClientSecretPost p -> p.getClientSecret().getValue();
            case null -> throw new OAuthError(401, "invalid_client",
                    "Client authentication is required: client_id and client_secret, in an Authorization: Basic header or in the body");
            default -> throw new OAuthError(401, "invalid_client",
                    "Only client_secret_basic and client_secret_post client authentication are supported");
        };
        List<String> audiences = new ArrayList<>(Optional.ofNullable(request.getCustomParameter("audience")).orElse(List.of()));
        Optional.ofNullable(request.getResources()).orElse(List.of()).forEach(r -> audiences.add(r.toString()));
        return new ClientCredentialsRequest(auth.getClientID().getValue(), secret, auth instanceof ClientSecretBasic,
                List.copyOf(audiences), scopes(request));
    }

    private static Optional<List<String>> scopes(TokenRequest request) {
        if (request.getScope() == null || request.getScope().isEmpty()) {
            return Optional.empty();
        }
        List<String> scopes = request.getScope().toStringList();
        if (scopes.stream().anyMatch(s -> s.endsWith(DEFAULT_SUFFIX))) {
            return Optional.empty();
        }
        for (String scope : scopes) {
            if (!Scopes.isValid(scope)) {
                throw new OAuthError(400, "invalid_scope", "scope '" + scope + "' is not a valid Taskgate scope");
            }
        }
        return Optional.of(List.copyOf(scopes));
    }

    /** The body as form parameters: a form as it came, or a JSON object's string members. */
    static String formBody(Optional<String> contentType, byte[] body) {
        String type = contentType.map(t -> t.split(";", 2)[0].trim().toLowerCase(Locale.ROOT)).orElse("");
        if (type.equals("application/x-www-form-urlencoded")) {
            return new String(body, StandardCharsets.UTF_8);
        }
        if (!type.equals("application/json")) {
            throw OAuthError.invalidRequest("Content-Type must be application/x-www-form-urlencoded or application/json");
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            throw OAuthError.invalidRequest("The request body is not valid JSON");
        }
        if (json == null || !json.isObject()) {
            throw OAuthError.invalidRequest("The request body must be a JSON object");
        }
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            params.put(field.getKey(), List.of(text(field.getKey(), field.getValue())));
        }
        return URLUtils.serializeParameters(params);
    }

    private static String text(String name, JsonNode value) {
        if (!value.isTextual()) {
            throw OAuthError.invalidRequest("'" + name + "' must be a string");
        }
        return value.asText();
    }

    private static OAuthError error(ParseException e) {
        ErrorObject error = e.getErrorObject() != null ? e.getErrorObject() : com.nimbusds.oauth2.sdk.OAuth2Error.INVALID_REQUEST;
        int status = error.getHTTPStatusCode() > 0 ? error.getHTTPStatusCode() : 400;
        String description = Optional.ofNullable(e.getMessage()).orElse(error.getDescription());
        return new OAuthError(status, error.getCode(), description);
    }
}
