package io.taskgate.server.login;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import io.taskgate.server.identity.SecretBox;
import io.taskgate.server.oauth.BoundedHttp;
import io.taskgate.server.oauth.ExternalIssuer;
import io.taskgate.server.oauth.JwtVerifier;
import io.taskgate.server.oauth.KeyRing;
import io.taskgate.server.oauth.RemoteKeys;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-in through one outside OpenID Provider with the authorization code flow, PKCE (S256), state
 * and nonce (OpenID Connect Core 1.0 §3.1, RFC 7636): {@link #begin} sends the person there, and
 * {@link #finish} turns the code they come back with into a {@link LoginIdentity}.
 * <p>
 * The provider's endpoints come from its discovery document ({@link UpstreamDiscovery}), and the
 * ID token's keys from {@link RemoteKeys}. Every call to the provider has one deadline,
 * {@link #DEADLINE}, and a body limit; the {@link HttpClient} passed in sets the connect timeout.
 * Nothing is kept between {@code begin} and {@code finish}: the pending values travel in the
 * browser, sealed ({@link Begun#seal}), so any node can finish what another began.
 */
public final class UpstreamOidc {

    /** How long a person may take at the provider before the sign-in must start again. */
    public static final Duration PENDING_TIME_TO_LIVE = Duration.ofMinutes(10);
    /** The longest one call to the provider may take, body included. */
    static final Duration DEADLINE = Duration.ofSeconds(10);
    /** The largest discovery document or token response read. */
    static final int MAX_DOCUMENT = 256 * 1024;
    /** The longest sealed {@link Begun} opened; anything longer is not one of ours. */
    static final int MAX_SEALED = 8192;

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamOidc.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Why a sign-in could not be completed, in words that may be shown to the person: never a token,
     * code, secret or verifier.
     */
    public static final class Failed extends RuntimeException {
        public Failed(String message) {
            super(message);
        }
    }

    /**
     * A sign-in under way: where to send the browser, and what {@link #finish} needs when it comes
     * back. {@code returnTo} is the caller's, opaque here (the page to show afterwards).
     *
     * @param provider the provider's name
     * @param authorizationUri the provider's authorization endpoint with this request's parameters
     * @param state the {@code state} parameter, which the callback must echo
     * @param nonce the {@code nonce}, which the ID token must carry
     * @param verifier the PKCE {@code code_verifier}
     */
    public record Begun(String provider, URI authorizationUri, String state, String nonce, String verifier, String returnTo) {

        /** The longest {@code returnTo}, which has to fit in a cookie with the rest. */
        public static final int MAX_RETURN_TO = 2048;

        public Begun {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(authorizationUri, "authorizationUri");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(nonce, "nonce");
            Objects.requireNonNull(verifier, "verifier");
            Objects.requireNonNull(returnTo, "returnTo");
            if (returnTo.length() > MAX_RETURN_TO) {
                throw new IllegalArgumentException("returnTo is longer than " + MAX_RETURN_TO + " characters");
            }
        }

        /** The same sign-in, returning to {@code returnTo} afterwards. */
        public Begun withReturnTo(String returnTo) {
            return new Begun(provider, authorizationUri, state, nonce, verifier, returnTo);
        }

        /** Whether the callback's {@code state} is this sign-in's, compared in constant time. */
        public boolean stateMatches(String state) {
            return state != null && MessageDigest.isEqual(this.state.getBytes(StandardCharsets.UTF_8),
                    state.getBytes(StandardCharsets.UTF_8));
        }

        /**
         * Encrypts and authenticates this sign-in under {@code box}, bound to its provider, to expire
         * {@link #PENDING_TIME_TO_LIVE} after {@code now}: URL-safe base64 without padding, fit for a
         * cookie or a query parameter.
         */
        public String seal(SecretBox box, Instant now) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("p", provider);
            fields.put("a", authorizationUri.toString());
            fields.put("s", state);
            fields.put("n", nonce);
            fields.put("v", verifier);
            fields.put("r", returnTo);
            fields.put("e", now.plus(PENDING_TIME_TO_LIVE).getEpochSecond());
            try {
                return Base64.getUrlEncoder().withoutPadding().encodeToString(box.seal(JSON.writeValueAsString(fields), context(provider)));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        /**
         * Opens what {@link #seal} made for {@code provider}; empty when it was altered, sealed under
         * another key or for another provider, has expired at {@code now}, or is not one at all.
         */
        public static Optional<Begun> unseal(SecretBox box, String provider, String sealed, Instant now) {
            if (sealed == null || sealed.length() > MAX_SEALED) {
                return Optional.empty();
            }
            try {
                JsonNode fields = JSON.readTree(box.open(Base64.getUrlDecoder().decode(sealed), context(provider)));
                if (!provider.equals(fields.path("p").asText()) || !fields.path("e").canConvertToLong()
                        || now.isAfter(Instant.ofEpochSecond(fields.path("e").asLong()))) {
                    return Optional.empty();
                }
                return Optional.of(new Begun(provider, URI.create(fields.path("a").asText()), text(fields, "s"), text(fields, "n"),
                        text(fields, "v"), text(fields, "r")));
            } catch (IOException | RuntimeException e) {
                return Optional.empty(); // bad base64, a failed tag check, or fields that are not ours
            }
        }

        private static String text(JsonNode fields, String key) {
            JsonNode value = fields.get(key);
            if (value == null || !value.isTextual()) {
                throw new IllegalArgumentException("no " + key);
            }
            return value.asText();
        }

        // The sealing context binds a sealed value to its purpose and provider.
        private static String context(String provider) {
            return "upstream-oidc-begun:" + provider;
        }

        /** Leaves the state, nonce and verifier out of logs. */
        @Override
        public String toString() {
            return "Begun[provider=" + provider + ", returnTo=" + returnTo + "]";
        }
    }

    private final UpstreamOidcSettings settings;
    private final HttpClient http;
    private final Clock clock;
    private final SecureRandom random;
    private final UpstreamDiscovery discovery;
    private final JwtVerifier idTokens;

    /**
     * @param http the client for calls to the provider; give it a 5 s connect timeout, and leave
     *     redirects unfollowed (the default)
     */
    public UpstreamOidc(UpstreamOidcSettings settings, HttpClient http, Clock clock, SecureRandom random) {
        this.settings = settings;
        this.http = http;
        this.clock = clock;
        this.random = random;
        this.discovery = new UpstreamDiscovery(settings, http, clock);
        // aud must contain our clientId; exp is required; leeway as for every token we accept.
        this.idTokens = new JwtVerifier(settings.issuer(), new RemoteKeys(settings.issuer(), http, clock), ExternalIssuer.ALGORITHMS,
                Set.of(settings.clientId()), clock);
    }

    public UpstreamOidcSettings settings() {
        return settings;
    }

    /**
     * Starts a sign-in: fresh state, nonce and PKCE verifier, and the authorization request
     * ({@code response_type=code}, {@code code_challenge_method=S256}) that sends the person to the
     * provider, who comes back to {@code redirectUri}.
     *
     * @throws Failed when the provider's discovery document cannot be read
     */
    public Begun begin(URI redirectUri) {
        UpstreamDiscovery.Endpoints endpoints = discovery.endpoints();
        String state = randomValue();
        String nonce = randomValue();
        String verifier = randomValue();
        Scope scope = new Scope(settings.scopes().toArray(String[]::new));
        URI uri = new AuthenticationRequest.Builder(ResponseType.CODE, scope, new ClientID(settings.clientId()), redirectUri)
                .endpointURI(endpoints.authorization())
                .state(new State(state))
                .nonce(new Nonce(nonce))
                .codeChallenge(new CodeVerifier(verifier), CodeChallengeMethod.S256)
                .build()
                .toURI();
        return new Begun(settings.name(), uri, state, nonce, verifier, "");
    }

    /**
     * Completes a sign-in: redeems {@code code} at the token endpoint (client_secret_basic, with the
     * verifier), checks the ID token (signature by the issuer's keys, {@code iss}, {@code aud},
     * {@code azp} when present, {@code exp} and {@code iat} by our clock, and {@code nonce}) and
     * maps its claims to an identity. The caller has already checked the callback's state with
     * {@link Begun#stateMatches}.
     *
     * @param redirectUri the same redirect URI that {@link #begin} was given
     * @throws Failed when any step fails
     */
    public LoginIdentity finish(URI redirectUri, Begun begun, String code) {
        if (!settings.name().equals(begun.provider())) {
            throw new Failed("This sign-in was started with another provider; please start again.");
        }
        if (code == null || code.isEmpty()) {
            throw new Failed(settings.displayName() + " sent no authorization code; please start again.");
        }
        JWTClaimsSet claims = verify(redeem(discovery.endpoints(), redirectUri, begun, code), begun);
        return identity(claims);
    }

    /** POSTs the token request and returns the ID token from a successful answer. */
    private JWT redeem(UpstreamDiscovery.Endpoints endpoints, URI redirectUri, Begun begun, String code) {
        CodeVerifier verifier;
        try {
            verifier = new CodeVerifier(begun.verifier());
        } catch (IllegalArgumentException e) {
            throw new Failed("This sign-in is damaged; please start again."); // not a verifier begin made
        }
        TokenRequest request = new TokenRequest(endpoints.token(),
                new ClientSecretBasic(new ClientID(settings.clientId()), new Secret(settings.clientSecret())),
                new AuthorizationCodeGrant(new AuthorizationCode(code), redirectUri, verifier));
        HTTPRequest nimbus = request.toHTTPRequest();
        HttpRequest.Builder post = HttpRequest.newBuilder(endpoints.token()).timeout(DEADLINE)
                .POST(HttpRequest.BodyPublishers.ofString(nimbus.getBody()))
                .header("Accept", "application/json");
        for (Map.Entry<String, List<String>> header : nimbus.getHeaderMap().entrySet()) {
            for (String value : header.getValue()) {
                post.header(header.getKey(), value);
            }
        }
        BoundedHttp.Answer answer;
        try {
            answer = BoundedHttp.send(http, post.build(), DEADLINE, MAX_DOCUMENT);
        } catch (IOException e) {
            // BoundedHttp's messages name the endpoint, never the request's body or headers.
            LOG.warn("The token endpoint of {} failed: {}", settings.name(), e.getMessage());
            throw new Failed(settings.displayName() + " could not be reached to complete the sign-in; please try again.");
        }
        TokenResponse parsed;
        try {
            HTTPResponse response = new HTTPResponse(answer.status());
            if (answer.contentType().isPresent()) {
                response.setContentType(answer.contentType().get());
            }
            response.setBody(answer.body());
            parsed = OIDCTokenResponseParser.parse(response);
        } catch (ParseException e) {
            throw new Failed(settings.displayName() + " answered the token request with HTTP " + answer.status()
                    + " and a body that is not a token response.");
        }
        if (parsed instanceof TokenErrorResponse error) {
            throw new Failed(settings.displayName() + " refused the sign-in (" + errorCode(error.getErrorObject())
                    + "); please start again.");
        }
        if (!(parsed instanceof OIDCTokenResponse oidc) || oidc.getOIDCTokens().getIDToken() == null) {
            throw new Failed(settings.displayName() + " sent no ID token; is openid among the scopes?");
        }
        return oidc.getOIDCTokens().getIDToken();
    }

    /** The error code only: the provider's description is free text that we do not vouch for. */
    private static String errorCode(ErrorObject error) {
        String code = error == null ? null : error.getCode();
        return code != null && code.matches("[A-Za-z0-9_.-]{1,64}") ? code : "an unknown error";
    }

    private JWTClaimsSet verify(JWT token, Begun begun) {
        if (!(token instanceof SignedJWT signed)) {
            throw new Failed("The ID token from " + settings.displayName() + " is not signed.");
        }
        JWTClaimsSet claims;
        try {
            claims = idTokens.verify(signed);
        } catch (BadJOSEException | JOSEException e) {
            // Nimbus's reasons name claims and algorithms ("Expired JWT", "JWT aud claim has value …"), never the token.
            throw new Failed("The ID token from " + settings.displayName() + " was refused: " + e.getMessage());
        }
        Instant now = clock.instant();
        if (claims.getIssueTime() == null || claims.getIssueTime().toInstant().isAfter(now.plus(KeyRing.LEEWAY))) {
            throw new Failed("The ID token from " + settings.displayName() + " was refused: iat is missing or in the future.");
        }
        Object azp = claims.getClaim("azp");
        if (azp != null && !settings.clientId().equals(azp)) {
            throw new Failed("The ID token from " + settings.displayName() + " was refused: it was issued to another client (azp).");
        }
        Object nonce = claims.getClaim("nonce");
        if (!(nonce instanceof String n) || !MessageDigest.isEqual(n.getBytes(StandardCharsets.UTF_8),
                begun.nonce().getBytes(StandardCharsets.UTF_8))) {
            throw new Failed("The ID token from " + settings.displayName() + " was refused: its nonce does not match this sign-in.");
        }
        return claims;
    }

    private LoginIdentity identity(JWTClaimsSet claims) {
        String claim = settings.identityClaim();
        if (!(claims.getClaim(claim) instanceof String name) || name.isEmpty()) {
            throw new Failed(settings.displayName() + " did not say who you are: the ID token has no claim '" + claim
                    + "' holding a string.");
        }
        // An address the provider says it has not verified could be anyone's.
        Object verified = claims.getClaim("email_verified");
        if (claim.equals("email") && (Boolean.FALSE.equals(verified) || "false".equals(verified))) {
            throw new Failed(settings.displayName() + " has not verified your email address, so it cannot be used to sign in.");
        }
        List<String> groups = new ArrayList<>();
        if (settings.groupsClaim().isPresent()) {
            Object value = claims.getClaim(settings.groupsClaim().get());
            if (value instanceof String one) {
                groups.add(one);
            } else if (value instanceof List<?> many) {
                for (Object g : many) {
                    if (!(g instanceof String s)) {
                        throw new Failed("The ID token from " + settings.displayName() + " lists a group that is not a string in '"
                                + settings.groupsClaim().get() + "'.");
                    }
                    groups.add(s);
                }
            } else if (value != null) {
                throw new Failed("The ID token from " + settings.displayName() + " has a claim '" + settings.groupsClaim().get()
                        + "' that is neither a string nor a list of strings.");
            }
        }
        try {
            return new LoginIdentity(settings.name(), name, groups);
        } catch (IllegalArgumentException e) {
            throw new Failed("The identity from " + settings.displayName() + " cannot be used: " + e.getMessage());
        }
    }

    /** 256 random bits, URL-safe: a state, a nonce, or a PKCE verifier (43 characters, RFC 7636 §4.1). */
    private String randomValue() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
