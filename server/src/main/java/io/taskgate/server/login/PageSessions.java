package io.taskgate.server.login;

import io.taskgate.server.authn.SessionAuthenticator;
import io.taskgate.server.http.Call;
import io.taskgate.server.http.Form;
import io.taskgate.server.http.Reply;
import io.taskgate.server.session.Sessions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The pages' side of cookie sessions: who is signed in on a request, and signing someone in once a
 * source of authority has vouched for them. The session is the same one the APIs accept.
 */
public final class PageSessions {

    private final Sessions sessions;
    private final SessionAuthenticator people;
    private final LoginStore store;
    private final Clock clock;

    public PageSessions(Sessions sessions, SessionAuthenticator people, LoginStore store, Clock clock) {
        this.sessions = sessions;
        this.people = people;
        this.store = store;
        this.clock = clock;
    }

    /** Who is signed in on this request, if anyone: a live session whose person still exists and is enabled. */
    public Optional<SignedIn> of(Call call) {
        Optional<String> id = Form.cookie(call, Sessions.COOKIE);
        if (id.isEmpty()) {
            return Optional.empty();
        }
        return sessions.find(id.get()).flatMap(s -> people.identity(s).map(who -> new SignedIn(id.get(), s, who)));
    }

    /**
     * Starts a session for {@code who} (ending any the browser had, so its id is never reused),
     * remembers the sign-in, and sends the browser on to {@code next}.
     */
    public Reply signIn(LoginIdentity who, Call call, String next) {
        return signIn(who, call, next, List.of());
    }

    /** As {@link #signIn(LoginIdentity, Call, String)}, also setting {@code moreCookies}. */
    public Reply signIn(LoginIdentity who, Call call, String next, List<String> moreCookies) {
        store.signedIn(who, clock.instant());
        Sessions.Started started = sessions.start(who.provider(), who.name(),
                who.provider().equals(LoginIdentity.LOCAL) ? List.of() : who.groups(), Form.cookie(call, Sessions.COOKIE));
        List<String> cookies = new ArrayList<>(sessions.cookies(started, call.raw().https()));
        cookies.addAll(moreCookies);
        return Reply.seeOther(Next.safe(next), cookies);
    }

    /** Ends the session and clears its cookies. */
    public Reply signOut(SignedIn who, Call call) {
        sessions.end(who.sessionId());
        return Reply.seeOther("/login", Sessions.clearingCookies(call.raw().https()));
    }
}
