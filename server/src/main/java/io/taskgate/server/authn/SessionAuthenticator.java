package io.taskgate.server.authn;

import io.taskgate.scopes.ScopeSet;
import io.taskgate.server.http.ApiError;
import io.taskgate.server.http.Form;
import io.taskgate.server.identity.User;
import io.taskgate.server.identity.UserDirectory;
import io.taskgate.server.login.LoginIdentity;
import io.taskgate.server.session.Session;
import io.taskgate.server.session.Sessions;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Authenticates a request by its {@code TASKGATE-SESSION} cookie. An unsafe method (POST, PUT,
 * PATCH, DELETE) must also carry the session's CSRF token in {@code X-CSRF-TOKEN}, unless CSRF
 * protection is off: the double-submit defence, which only cookie-authenticated requests need.
 */
public final class SessionAuthenticator {

    /** The answer to a missing or wrong CSRF token, in Camunda's words. */
    public static final String CSRF_DENIED = "Access denied due to invalid CSRF token.";
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    private final Sessions sessions;
    private final UserDirectory users;
    private final Function<Collection<String>, ScopeSet> expand;

    public SessionAuthenticator(Sessions sessions, UserDirectory users, Function<Collection<String>, ScopeSet> expand) {
        this.sessions = sessions;
        this.users = users;
        this.expand = expand;
    }

    /** The principal for a session cookie's value; 401 for a session that has ended, 403 for a CSRF failure. */
    public Principal authenticate(String sessionId, String method, Optional<String> csrfHeader) {
        Session session = sessions.find(sessionId).orElseThrow(() -> ApiError.authenticationFailed("The session has ended; sign in again"));
        LoginIdentity identity = identity(session).orElseThrow(() -> {
            sessions.end(sessionId);
            return ApiError.authenticationFailed("The session has ended; sign in again");
        });
        if (sessions.settings().csrfEnabled() && !SAFE.contains(method) && !sessions.csrfMatches(session, csrfHeader)) {
            throw new ApiError(403, "CsrfTokenInvalid", CSRF_DENIED, null);
        }
        return Principal.ofIdentity(identity, expand, session.expires(), "session");
    }

    /**
     * Who a live session belongs to now: a local user as the directory has them (empty once
     * disabled or deleted), or an outside identity as its source vouched for it at sign-in.
     */
    public Optional<LoginIdentity> identity(Session session) {
        if (!session.provider().equals(LoginIdentity.LOCAL)) {
            return Optional.of(new LoginIdentity(session.provider(), session.username(), session.groups()));
        }
        return users.get(session.username()).filter(User::enabled).map(User::loginIdentity);
    }

    /** The value of the session cookie in a {@code Cookie} header, if there is one. */
    public static Optional<String> sessionCookie(String cookieHeader) {
        return Form.cookie(cookieHeader, Sessions.COOKIE);
    }
}
