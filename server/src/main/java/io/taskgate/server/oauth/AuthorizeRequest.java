package io.taskgate.server.oauth;

import io.taskgate.scopes.ScopeSet;
import io.taskgate.scopes.Scopes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An authorization request (RFC 6749 §4.1.1, with PKCE from RFC 7636 §4.3) from a registered app:
 * <ul>
 *   <li>{@code response_type}: REQUIRED, {@code code};
 *   <li>{@code client_id}: REQUIRED, a registered app;
 *   <li>{@code redirect_uri}: REQUIRED here (OPTIONAL in the RFC), one of the app's, character for character;
 *   <li>{@code scope}: REQUIRED here, space-separated Taskgate scopes that the registration satisfies;
 *   <li>{@code state}: OPTIONAL (RECOMMENDED), echoed back;
 *   <li>{@code code_challenge}: REQUIRED here, and {@code code_challenge_method}: REQUIRED here, {@code S256}
 *       (public clients must use PKCE, and {@code plain} would hand the verifier to whoever sees the request).
 * </ul>
 * Parsing tells apart the two kinds of failure of RFC 6749 §4.1.2.1: an unknown client or a
 * redirect URI that is not registered is {@link Untrusted}, shown to the person and never
 * redirected (that would make us an open redirector); every other failure is {@link Refused}, sent
 * back to the app's redirect URI.
 */
public record AuthorizeRequest(OAuthApp app, String redirectUri, List<String> scopes, Optional<String> state, String codeChallenge) {

    /** The parameters this endpoint reads; any other is ignored (RFC 6749 §3.1). */
    static final List<String> PARAMETERS = List.of("response_type", "client_id", "redirect_uri", "scope", "state", "code_challenge",
            "code_challenge_method");
    /** An S256 challenge is a SHA-256 digest in unpadded base64url: 43 characters (RFC 7636 §4.2). */
    private static final Pattern S256_CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");

    public AuthorizeRequest {
        scopes = List.copyOf(scopes);
    }

    /** What parsing found. */
    public sealed interface Parsed permits Valid, Refused, Untrusted {}

    /** A request that may be shown to the person. */
    public record Valid(AuthorizeRequest request) implements Parsed {}

    /** An error to send back to the app at its registered redirect URI, with the request's state. */
    public record Refused(String redirectUri, String error, String description, Optional<String> state) implements Parsed {

        /** The parameters added to the redirect URI (RFC 6749 §4.1.2.1). */
        public Map<String, String> response() {
            Map<String, String> out = new LinkedHashMap<>();
            out.put("error", error);
            out.put("error_description", description);
            state.ifPresent(s -> out.put("state", s));
            return out;
        }
    }

    /** An error to show the person only: the client or its redirect URI cannot be trusted with a redirect. */
    public record Untrusted(String message) implements Parsed {}

    /** Parses the request's parameters (from the query or the consent form), each name with all the values it was given. */
    public static Parsed parse(Map<String, List<String>> params, OAuthApps apps) {
        List<String> clientIds = params.getOrDefault("client_id", List.of());
        if (clientIds.size() != 1 || clientIds.get(0).isEmpty()) {
            return new Untrusted(clientIds.size() > 1 ? "client_id was given more than once."
                    : "client_id is missing: the app that sent you here did not say who it is.");
        }
        Optional<OAuthApp> found = apps.find(clientIds.get(0));
        if (found.isEmpty()) {
            return new Untrusted("The app that sent you here (client_id " + clientIds.get(0) + ") is not registered with Taskgate.");
        }
        OAuthApp app = found.get();
        List<String> redirects = params.getOrDefault("redirect_uri", List.of());
        if (redirects.size() != 1 || !app.redirects(redirects.get(0))) {
            return new Untrusted(redirects.isEmpty() ? "redirect_uri is missing: " + app.name() + " must say where to send you back."
                    : redirects.size() > 1 ? "redirect_uri was given more than once."
                    : "redirect_uri is not one registered for " + app.name() + "; an app must use one of its registered URIs exactly.");
        }
        String redirectUri = redirects.get(0);
        Optional<String> state = params.getOrDefault("state", List.of()).stream().findFirst();
        for (String name : PARAMETERS) {
            if (params.getOrDefault(name, List.of()).size() > 1) {
                return refused(redirectUri, "invalid_request", name + " was given more than once", state);
            }
        }
        Optional<String> responseType = one(params, "response_type");
        if (responseType.isEmpty()) {
            return refused(redirectUri, "invalid_request", "response_type is required; use code", state);
        }
        if (!responseType.get().equals("code")) {
            return refused(redirectUri, "unsupported_response_type", "response_type must be code (the authorization code flow)", state);
        }
        Optional<String> method = one(params, "code_challenge_method");
        Optional<String> challenge = one(params, "code_challenge");
        if (challenge.isEmpty()) {
            return refused(redirectUri, "invalid_request", "code_challenge is required: PKCE with S256 (RFC 7636)", state);
        }
        if (method.isEmpty() || !method.get().equals("S256")) {
            // A missing method means plain (RFC 7636 §4.3), which shows the verifier to anyone who sees this URL.
            return refused(redirectUri, "invalid_request", "code_challenge_method must be S256; plain is not accepted", state);
        }
        if (!S256_CHALLENGE.matcher(challenge.get()).matches()) {
            return refused(redirectUri, "invalid_request", "code_challenge must be the base64url SHA-256 of the verifier: 43 characters",
                    state);
        }
        List<String> scopes = scopes(params);
        if (scopes.isEmpty()) {
            return refused(redirectUri, "invalid_scope", "scope is required: the space-separated Taskgate scopes the app needs", state);
        }
        for (String scope : scopes) {
            if (!Scopes.isValid(scope)) {
                return refused(redirectUri, "invalid_scope", "scope '" + scope + "' is not a valid Taskgate scope", state);
            }
        }
        ScopeSet allowed = app.allowed();
        List<String> beyond = scopes.stream().filter(s -> !allowed.satisfies(s)).toList();
        if (!beyond.isEmpty()) {
            return refused(redirectUri, "invalid_scope", app.clientId() + " is not registered to ask for: " + String.join(" ", beyond),
                    state);
        }
        return new Valid(new AuthorizeRequest(app, redirectUri, scopes, state, challenge.get()));
    }

    /**
     * The requested scopes that {@code held} (the person's scopes, expanded through roles)
     * satisfies: what the app is given. Scopes the person lacks are left out rather than refused,
     * so that one app can serve people with different rights.
     */
    public List<String> grantable(ScopeSet held) {
        return scopes.stream().filter(held::satisfies).toList();
    }

    /** The requested scopes that {@code held} does not satisfy, to tell the person what the app will not get. */
    public List<String> withheld(ScopeSet held) {
        return scopes.stream().filter(s -> !held.satisfies(s)).toList();
    }

    /** The request as parameters again, for the consent form and for returning after sign-in. */
    public Map<String, String> parameters() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("response_type", "code");
        out.put("client_id", app.clientId());
        out.put("redirect_uri", redirectUri);
        out.put("scope", String.join(" ", scopes));
        state.ifPresent(s -> out.put("state", s));
        out.put("code_challenge", codeChallenge);
        out.put("code_challenge_method", "S256");
        return out;
    }

    /** An error for the app, with this request's state. */
    public Refused refuse(String error, String description) {
        return new Refused(redirectUri, error, description, state);
    }

    private static Refused refused(String redirectUri, String error, String description, Optional<String> state) {
        return new Refused(redirectUri, error, description, state);
    }

    private static Optional<String> one(Map<String, List<String>> params, String name) {
        return params.getOrDefault(name, List.of()).stream().findFirst().filter(v -> !v.isEmpty());
    }

    /** Space-delimited (RFC 6749 §3.3); repeated spaces and repeated scopes are forgiven. */
    private static List<String> scopes(Map<String, List<String>> params) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String s : one(params, "scope").orElse("").split(" ")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return new ArrayList<>(out);
    }
}
