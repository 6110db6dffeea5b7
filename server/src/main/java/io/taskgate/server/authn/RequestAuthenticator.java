package io.taskgate.server.authn;

import io.taskgate.hawk.Bewit;
import io.taskgate.hawk.HawkAuthenticator;
import io.taskgate.hawk.HawkException;
import io.taskgate.hawk.HawkHeader;
import io.taskgate.hawk.HawkRequest;
import io.taskgate.scopes.ScopeSet;
import io.taskgate.server.http.ApiError;
import io.taskgate.server.session.Sessions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Turns a request's credentials into a {@link Principal}: a Hawk header, a bewit, a Bearer token,
 * Basic credentials, a session cookie (when no Authorization header is sent), or nothing at all (anonymous, with what {@code assume:anonymous} grants). Credentials that are present but
 * invalid always fail with 401, even where an anonymous request would have been allowed.
 */
public final class RequestAuthenticator {

    /** How long the answer for an anonymous request may be relied on, as Taskcluster says. */
    static final Duration ANONYMOUS_VALIDITY = Duration.ofMinutes(15);

    private static final String BEARER = "bearer ";
    private static final String BASIC = "basic ";

    private final HawkAuthenticator hawk;
    private final BearerAuthenticator bearer;
    private final BasicAuthenticator basic;
    private final SessionAuthenticator session;
    private final AuthMethods methods;
    private final Supplier<ScopeSet> anonymousScopes;
    private final Clock clock;

    public RequestAuthenticator(HawkAuthenticator hawk, BearerAuthenticator bearer, BasicAuthenticator basic, SessionAuthenticator session,
            AuthMethods methods, Function<List<String>, ScopeSet> expand, Clock clock) {
        this.methods = methods;
        this.hawk = hawk;
        this.bearer = bearer;
        this.basic = basic;
        this.session = session;
        this.anonymousScopes = () -> expand.apply(List.of("assume:anonymous"));
        this.clock = clock;
    }

    /**
     * Authenticates a request from {@code source} (the peer's address, for throttling password
     * guesses). {@code header} looks up a request header by name; {@code body} is checked against
     * the Hawk payload hash when the header carries one.
     */
    public Principal authenticate(String method, String rawResource, Function<String, Optional<String>> header, boolean tls,
            byte[] body, String source) {
        Optional<String> authorization = header.apply("Authorization");
        boolean bewit = Bewit.present(rawResource);
        try {
            if (authorization.isPresent()) {
                if (bewit) {
                    throw ApiError.authenticationFailed("Cannot use two authentication schemes at once");
                }
                String value = authorization.get();
                if (value.regionMatches(true, 0, BEARER, 0, BEARER.length()) || value.strip().equalsIgnoreCase(BEARER.strip())) {
                    methods.require(AuthMethods.Method.BEARER);
                    return bearer.authenticate(value.length() > BEARER.length() ? value.substring(BEARER.length()).strip() : "");
                }
                if (value.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
                    methods.require(AuthMethods.Method.BASIC);
                    return basic.authenticate(value.substring(BASIC.length()), source);
                }
                if (!HawkHeader.isHawk(authorization.get())) {
                    throw ApiError.authenticationFailed("Unsupported authentication scheme: this API takes Hawk, Bearer or Basic credentials");
                }
                methods.require(AuthMethods.Method.HAWK);
                HawkRequest request = request(method, rawResource, header, tls);
                HawkAuthenticator.Payload payload = new HawkAuthenticator.Payload(header.apply("Content-Type").orElse(""), body);
                return principal(hawk.authenticate(request, authorization.get(), Optional.of(payload)));
            }
            if (bewit) {
                methods.require(AuthMethods.Method.HAWK);
                return principal(hawk.authenticateBewit(request(method, rawResource, header, tls)));
            }
            Optional<String> cookie = header.apply("Cookie").flatMap(SessionAuthenticator::sessionCookie);
            if (cookie.isPresent()) {
                methods.require(AuthMethods.Method.SESSION);
                return session.authenticate(cookie.get(), method, header.apply(Sessions.CSRF));
            }
            return Principal.anonymous(anonymousScopes.get(), clock.instant().plus(ANONYMOUS_VALIDITY));
        } catch (HawkException e) {
            throw ApiError.authenticationFailed(e.getMessage());
        }
    }

    /**
     * Authenticates a request that another backend received, for {@code authenticateHawk}: the
     * header if there is one, else a bewit in the resource, else nobody. The body is not checked;
     * the caller gets the payload hash back and checks it.
     */
    public Principal authenticateForwarded(HawkRequest request, Optional<String> authorization) {
        if (authorization.isPresent() || Bewit.present(request.resource())) {
            methods.require(AuthMethods.Method.HAWK); // a server with Hawk off vouches for no Hawk request
        }
        try {
            if (authorization.isPresent()) {
                return principal(hawk.authenticate(request, authorization.get(), Optional.empty()));
            }
            if (Bewit.present(request.resource())) {
                return principal(hawk.authenticateBewit(request));
            }
            return Principal.anonymous(anonymousScopes.get(), clock.instant().plus(ANONYMOUS_VALIDITY));
        } catch (HawkException e) {
            throw ApiError.authenticationFailed(e.getMessage());
        }
    }

    private static HawkRequest request(String method, String rawResource, Function<String, Optional<String>> header, boolean tls)
            throws HawkException {
        return HawkRequest.fromHeaders(method, rawResource, header.apply("Host").orElse(null),
                header.apply("X-Forwarded-Port").orElse(null), header.apply("X-Forwarded-Proto").orElse(null), tls);
    }

    private static Principal principal(HawkAuthenticator.Authenticated who) {
        return new Principal(Optional.of(who.clientId()), who.scopes(), who.expires(), who.hash(), "hawk");
    }
}
