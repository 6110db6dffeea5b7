package io.taskgate.server.session;

import io.taskgate.server.authn.AuthMethods;
import io.taskgate.server.authn.PasswordCheck;
import io.taskgate.server.authn.SessionAuthenticator;
import io.taskgate.server.http.ApiError;
import io.taskgate.server.http.Call;
import io.taskgate.server.http.Reply;
import io.taskgate.server.http.Route;
import io.taskgate.server.identity.User;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
        Map<String, String> form = form(call);
        String username = Optional.ofNullable(call.query().get("username")).orElse(form.get("username"));
        String password = Optional.ofNullable(call.query().get("password")).orElse(form.get("password"));
        if (username == null || password == null) {
            throw ApiError.authenticationFailed("username and password are required, in the query or a form body");
        }
        User user = passwords.verify(username, password, call.raw().source());
        Sessions.Started started = sessions.start(user.username(), previous(call));
        boolean https = call.raw().https();
        List<String> cookies = new ArrayList<>();
        cookies.add(Sessions.COOKIE + "=" + started.id() + "; Path=/; HttpOnly; SameSite=Lax" + (https ? "; Secure" : ""));
        Map<String, String> headers = Map.of();
        if (sessions.settings().csrfEnabled()) {
            // Readable by the page's script, which sends it back in the header: double submit.
            cookies.add(Sessions.CSRF + "=" + started.csrfToken() + "; Path=/; SameSite=Lax" + (https ? "; Secure" : ""));
            headers = Map.of(Sessions.CSRF, started.csrfToken());
        }
        call.authorize(Map.of());
        return new Reply(204, null, headers, cookies);
    }

    private Reply logout(Call call) {
        previous(call).ifPresent(sessions::end);
        boolean https = call.raw().https();
        String secure = https ? "; Secure" : "";
        call.authorize(Map.of());
        return new Reply(204, null, Map.of(), List.of(Sessions.COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax" + secure,
                Sessions.CSRF + "=; Path=/; Max-Age=0; SameSite=Lax" + secure));
    }

    private static Optional<String> previous(Call call) {
        return call.raw().header().apply("Cookie").flatMap(SessionAuthenticator::sessionCookie);
    }

    /** The form body's parameters, when the body is a form. */
    private static Map<String, String> form(Call call) {
        String type = call.raw().header().apply("Content-Type").map(t -> t.split(";", 2)[0].strip().toLowerCase(Locale.ROOT)).orElse("");
        if (!type.equals("application/x-www-form-urlencoded") || call.raw().body().length == 0) {
            return Map.of();
        }
        Map<String, String> out = new java.util.HashMap<>();
        for (String pair : new String(call.raw().body(), StandardCharsets.UTF_8).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.putIfAbsent(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
            }
        }
        return out;
    }

    private static String decode(String s) {
        try {
            return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiError.input("the form body is not well encoded");
        }
    }
}
