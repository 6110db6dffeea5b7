package io.taskgate.server.session;

import io.taskgate.server.authn.AuthMethods;
import io.taskgate.server.authn.PasswordCheck;
import io.taskgate.server.http.ApiError;
import io.taskgate.server.http.Call;
import io.taskgate.server.http.Form;
import io.taskgate.server.http.Reply;
import io.taskgate.server.http.Route;
import io.taskgate.server.identity.User;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /api/login} and {@code POST /api/logout}, as Camunda's: the username and password
 * in the query or a form body; success is 204 with the session cookie (and the CSRF token, as a
 * header and a cookie); failure is 401 {@code {message}}, the same for an unknown user and a wrong
 * password.
 */
public final class SessionRoutes {

    private final Sessions sessions;
    private final PasswordCheck passwords;
    private final AuthMethods methods;

    public SessionRoutes(Sessions sessions, PasswordCheck passwords, AuthMethods methods) {
        this.sessions = sessions;
        this.passwords = passwords;
        this.methods = methods;
    }

    public List<Route> routes() {
        return List.of(Route.session("POST", "/api/login", "login", this::login), Route.session("POST", "/api/logout", "logout", this::logout));
    }

    private Reply login(Call call) {
        methods.require(AuthMethods.Method.SESSION);
        Map<String, String> form = Form.of(call);
        String username = Optional.ofNullable(call.query().get("username")).orElse(form.get("username"));
        String password = Optional.ofNullable(call.query().get("password")).orElse(form.get("password"));
        if (username == null || password == null) {
            throw ApiError.authenticationFailed("username and password are required, in the query or a form body");
        }
        User user = passwords.verify(username, password, call.raw().source());
        Sessions.Started started = sessions.start(user.username(), previous(call));
        List<String> cookies = sessions.cookies(started, call.raw().https());
        Map<String, String> headers = sessions.settings().csrfEnabled() ? Map.of(Sessions.CSRF, started.csrfToken()) : Map.of();
        call.authorize(Map.of());
        return new Reply(204, null, headers, cookies);
    }

    private Reply logout(Call call) {
        previous(call).ifPresent(sessions::end);
        call.authorize(Map.of());
        return new Reply(204, null, Map.of(), Sessions.clearingCookies(call.raw().https()));
    }

    private static Optional<String> previous(Call call) {
        return Form.cookie(call, Sessions.COOKIE);
    }
}
