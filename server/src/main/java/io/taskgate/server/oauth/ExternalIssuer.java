package io.taskgate.server.oauth;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import io.taskgate.scopes.Scopes;
import java.net.URI;
import java.net.http.HttpClient;
import java.text.ParseException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An external OIDC provider whose access tokens Taskgate accepts (a Keycloak realm, Entra ID, any
 * compliant IdP). Its claims become identity scopes, which ordinary roles then grant from:
 * {@code assume:client:<alias>/<client id>}, {@code assume:login-identity:<alias>/<user>} and
 * {@code assume:group:<alias>/<group>}.
 */
public final class ExternalIssuer {

    /** The asymmetric algorithms accepted from external issuers; never {@code none} nor HMAC. */
    public static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384,
            JWSAlgorithm.ES512, JWSAlgorithm.EdDSA);

    /**
     * One configured issuer.
     *
     * @param clientIdClaim the claim naming the client; empty: {@code client_id}, else {@code azp}
     * @param userClaim the claim naming the user: {@code sub} (default) or e.g. {@code preferred_username}
     * @param groupsClaim the claim listing the user's groups (default {@code groups})
     */
    public record Settings(String issuer, String alias, List<String> audiences, Optional<String> clientIdClaim,
            String userClaim, String groupsClaim) {

        public Settings {
            URI uri;
            try {
                uri = URI.create(issuer);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("issuer '" + issuer + "' is not a URL");
            }
            if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException("issuer '" + issuer + "' must be an http(s) URL");
            }
            if (alias == null || !alias.matches("[A-Za-z0-9._-]{1,64}")) {
                throw new IllegalArgumentException("alias for issuer '" + issuer + "' must be 1-64 of A-Z a-z 0-9 . _ -");
            }
            audiences = List.copyOf(audiences);
        }

        @JsonCreator
        static Settings fromJson(@JsonProperty(value = "issuer", required = true) String issuer,
                @JsonProperty(value = "alias", required = true) String alias,
                @JsonProperty("audiences") List<String> audiences,
                @JsonProperty("clientIdClaim") String clientIdClaim,
                @JsonProperty("userClaim") String userClaim,
                @JsonProperty("groupsClaim") String groupsClaim) {
            return new Settings(issuer, alias, audiences == null ? List.of() : audiences, Optional.ofNullable(clientIdClaim),
                    userClaim == null ? "sub" : userClaim, groupsClaim == null ? "groups" : groupsClaim);
        }
    }

    /** Marks principals from external issuers in logs and audit records, apart from Taskgate's own clientIds. */
    public static final String LABEL_PREFIX = "oidc:";

    /** Who a token speaks for: a label for logs and audit ({@code oidc:<alias>/<id>}), and the identity scopes its claims assert. */
    public record Identity(String label, List<String> scopes) {}

    private final Settings settings;
    private final JwtVerifier verifier;

    public ExternalIssuer(Settings settings, HttpClient http, Clock clock) {
        this.settings = settings;
        this.verifier = new JwtVerifier(settings.issuer(), new RemoteKeys(settings.issuer(), http, clock), ALGORITHMS,
                Set.copyOf(settings.audiences()), clock);
    }

    public Settings settings() {
        return settings;
    }

    public JwtVerifier verifier() {
        return verifier;
    }

    /**
     * Maps verified claims to identity scopes.
     *
     * @throws IllegalArgumentException when the token names neither client nor user, or a claim is
     *     not usable in a scope
     */
    public Identity identity(JWTClaimsSet claims) {
        String alias = settings.alias();
        Optional<String> client = settings.clientIdClaim().isPresent() ? string(claims, settings.clientIdClaim().get())
                : string(claims, "client_id").or(() -> string(claims, "azp"));
        Optional<String> user = string(claims, settings.userClaim());
        if (client.isEmpty() && user.isEmpty()) {
            throw new IllegalArgumentException("the token names neither a client nor a user");
        }
        List<String> scopes = new ArrayList<>();
        client.ifPresent(c -> scopes.add("assume:client:" + alias + "/" + c));
        user.ifPresent(u -> scopes.add("assume:login-identity:" + alias + "/" + u));
        for (String group : groups(claims)) {
            scopes.add("assume:group:" + alias + "/" + group);
        }
        for (String scope : scopes) {
            // A '*' would make the identity a wildcard over everyone's roles (a user named "*").
            if (!Scopes.isValid(scope) || scope.indexOf('*') >= 0) {
                throw new IllegalArgumentException("a client, user or group claim holds '*' or characters that cannot appear in a scope");
            }
        }
        return new Identity(LABEL_PREFIX + alias + "/" + client.orElseGet(user::get), List.copyOf(scopes));
    }

    private List<String> groups(JWTClaimsSet claims) {
        Object value = claims.getClaim(settings.groupsClaim());
        if (value == null) {
            return List.of();
        }
        try {
            List<String> list = claims.getStringListClaim(settings.groupsClaim());
            return list == null ? List.of() : list;
        } catch (ParseException e) {
            throw new IllegalArgumentException("claim '" + settings.groupsClaim() + "' must be a list of strings");
        }
    }

    private static Optional<String> string(JWTClaimsSet claims, String name) {
        try {
            return Optional.ofNullable(claims.getStringClaim(name)).filter(s -> !s.isEmpty());
        } catch (ParseException e) {
            throw new IllegalArgumentException("claim '" + name + "' must be a string");
        }
    }
}
