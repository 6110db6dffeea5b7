package io.taskgate.server.oauth;

import com.nimbusds.common.contenttype.ContentType;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import io.taskgate.server.http.OAuthError;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An authorization-code token request (RFC 6749 §4.1.3, with RFC 7636 §4.5) from a registered app,
 * which is a public client:
 * <ul>
 *   <li>{@code grant_type}: REQUIRED, {@code authorization_code};
 *   <li>{@code code}: REQUIRED, as the authorization endpoint sent it;
 *   <li>{@code redirect_uri}: REQUIRED, as in the authorization request (always there, since the
 *       authorization endpoint requires it);
 *   <li>{@code client_id}: REQUIRED, since the client does not authenticate;
 *   <li>{@code code_verifier}: REQUIRED here, 43 to 128 characters of {@code [A-Za-z0-9-._~]}.
 * </ul>
 * No client secret is accepted, in the body or in an {@code Authorization} header: the app has none,
 * and PKCE is what binds the code to whoever asked for it. Nimbus's {@link TokenRequest} does the
 * RFC parsing, including the refusal of repeated parameters.
 */
public record AuthorizationCodeRequest(String clientId, String code, String redirectUri, CodeVerifier verifier) {

    @Override
    public String toString() {
        return "AuthorizationCodeRequest[" + clientId + ", redirectUri=" + redirectUri + ", code and verifier hidden]";
    }

    /**
     * Parses a request to the token endpoint {@code endpoint}, whose body is {@code form}.
     *
     * @throws OAuthError {@code invalid_request} or {@code invalid_client}, naming what is wrong
     */
    public static AuthorizationCodeRequest parse(URI endpoint, String form, Optional<String> authorization) {
        HTTPRequest http = new HTTPRequest(HTTPRequest.Method.POST, endpoint);
        http.setEntityContentType(ContentType.APPLICATION_URLENCODED);
        http.setBody(form);
        Map<String, List<String>> params = URLUtils.parseParameters(form);
        if (authorization.isPresent() || params.containsKey("client_secret")) {
            throw new OAuthError(401, "invalid_client",
                    "Registered apps are public clients: send client_id and code_verifier, and no secret",
                    authorization.isPresent() ? Map.of("WWW-Authenticate", "Basic realm=\"taskgate\"") : Map.of());
        }
        TokenRequest request;
        try {
            request = TokenRequest.parse(http);
        } catch (ParseException e) {
            String description = Optional.ofNullable(e.getMessage()).orElse("The token request is malformed");
            throw OAuthError.invalidRequest(description);
        }
        if (!(request.getAuthorizationGrant() instanceof AuthorizationCodeGrant grant)) {
            throw OAuthError.invalidRequest("grant_type must be authorization_code");
        }
        if (grant.getRedirectionURI() == null) {
            throw OAuthError.invalidRequest("redirect_uri is required: the one the authorization request named");
        }
        if (grant.getCodeVerifier() == null) {
            throw OAuthError.invalidRequest("code_verifier is required (PKCE, RFC 7636)");
        }
        // The raw value, not the parsed URI's rendering: the comparison with the authorization request's is exact.
        String redirectUri = params.get("redirect_uri").get(0);
        return new AuthorizationCodeRequest(request.getClientID().getValue(), grant.getAuthorizationCode().getValue(), redirectUri,
                grant.getCodeVerifier());
    }
}
