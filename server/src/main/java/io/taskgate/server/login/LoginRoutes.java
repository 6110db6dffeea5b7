package io.taskgate.server.login;

import io.taskgate.scopes.ScopeSet;
import io.taskgate.server.http.ApiError;
import io.taskgate.server.http.Call;
import io.taskgate.server.http.Form;
import io.taskgate.server.http.Reply;
import io.taskgate.server.http.Route;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The sign-in pages: {@code GET /login} (the sign-in form, or the Access Grant when it has
 * {@code target} and {@code description}), {@code POST /login/password}, {@code POST /login/signout},
 * the account page, and {@code GET /}, which sends Taskcluster's old-style grant requests on to
 * {@code /login}. The sign-in form carries a token that must match a cookie set with it, so that
 * another site cannot sign a browser in to an account of its choosing.
 */
public final class LoginRoutes {

    /** The cookie that pairs a sign-in form with the browser it was shown to. */
    static final String LOGIN_TOKEN = "TASKGATE-LOGIN";
    private static final byte[] STYLE = stylesheet();

    private final PageSessions pages;
    private final AccessGrant grant;
    private final List<PasswordSource> sources;
    private final List<Pages.OidcButton> oidc;
    private final Function<Collection<String>, ScopeSet> expand;
    private final SecureRandom random;

    /** {@code oidc} names each upstream OIDC provider offered, with its button label, in order. */
    public LoginRoutes(PageSessions pages, AccessGrant grant, List<PasswordSource> sources, Map<String, String> oidc,
            Function<Collection<String>, ScopeSet> expand, SecureRandom random) {
        this.pages = pages;
        this.grant = grant;
        this.sources = List.copyOf(sources);
        this.oidc = oidc.entrySet().stream().map(e -> new Pages.OidcButton(e.getKey(), e.getValue())).toList();
        this.expand = expand;
        this.random = random;
    }

    public List<Route> routes() {
        return List.of(
                Route.page("GET", "/", "root", this::root),
                Route.page("GET", "/login", "loginPage", this::login),
                Route.page("POST", "/login/password", "signInWithPassword", this::password),
                Route.page("POST", "/login/signout", "signOut", this::signOut),
                Route.page("GET", "/login/account", "account", this::account),
                Route.page("POST", "/login/grant", "grantAccess", grant::decide),
                Route.page("GET", "/login/style.css", "stylesheet", this::style));
    }

    /** Taskcluster's login host took grant requests at its root; send them on with the same query. */
    private Reply root(Call call) {
        call.authorize(Map.of());
        String query = query(call);
        return Reply.seeOther(query.isEmpty() ? "/login" : "/login?" + query, List.of());
    }

    private Reply login(Call call) {
        call.authorize(Map.of());
        Optional<SignedIn> who = pages.of(call);
        if (!call.query().containsKey("target") && !call.query().containsKey("description")) {
            // next: where to return after signing in, such as the authorization endpoint; only our own pages.
            String next = Next.safe(call.query().get("next"));
            return who.isPresent() ? Reply.seeOther(next, List.of()) : signInPage(call, next, Optional.empty(), Optional.empty(), 200);
        }
        List<String> problems = AccessGrant.problems(call.query());
        if (!problems.isEmpty()) {
            return Reply.page(400, Pages.grantIncomplete(problems), "", List.of());
        }
        AccessGrant.Request request = AccessGrant.read(call.query());
        if (who.isEmpty()) {
            return signInPage(call, "/login?" + query(call),
                    Optional.of("Sign in to grant access to " + request.target().origin() + "."), Optional.empty(), 200);
        }
        return grant.page(who.get(), request, Optional.empty(), 200);
    }

    private Reply password(Call call) {
        call.authorize(Map.of());
        Map<String, String> form = Form.of(call);
        String next = Next.safe(form.get("next"));
        Optional<String> cookie = Form.cookie(call, LOGIN_TOKEN);
        String submitted = form.getOrDefault("login_token", "");
        if (cookie.isEmpty() || !MessageDigest.isEqual(cookie.get().getBytes(StandardCharsets.UTF_8), submitted.getBytes(StandardCharsets.UTF_8))) {
            return signInPage(call, next, Optional.empty(), Optional.of("The sign-in form had expired; please sign in again."), 403);
        }
        PasswordSource source = sources.stream().filter(s -> s.provider().equals(form.get("source"))).findFirst()
                .orElseThrow(() -> ApiError.input("source must be one of the sign-in forms on the page"));
        String username = form.getOrDefault("username", "");
        String password = form.getOrDefault("password", "");
        if (username.isEmpty() || password.isEmpty()) {
            return signInPage(call, next, Optional.empty(), Optional.of("Enter both your username and your password."), 400);
        }
        LoginIdentity who;
        try {
            who = source.verify(username, password, call.raw().source());
        } catch (ApiError e) {
            if (e.status() != 401) {
                throw e; // 429 and 503 become error pages, with Retry-After kept
            }
            return signInPage(call, next, Optional.empty(), Optional.of(e.getMessage()), 401);
        }
        return pages.signIn(who, call, next);
    }

    private Reply signOut(Call call) {
        call.authorize(Map.of());
        Optional<SignedIn> who = pages.of(call);
        if (who.isEmpty()) {
            return Reply.seeOther("/login", List.of());
        }
        if (!who.get().formTokenMatches(Form.of(call).get("form_token"))) {
            throw new ApiError(403, "CsrfTokenInvalid", "This form did not come from your own page; reload it and try again", null);
        }
        return pages.signOut(who.get(), call);
    }

    private Reply account(Call call) {
        call.authorize(Map.of());
        Optional<SignedIn> who = pages.of(call);
        if (who.isEmpty()) {
            return Reply.seeOther("/login", List.of());
        }
        List<String> scopes = who.get().identity().scopes();
        return Reply.page(200, Pages.account(who.get(), scopes, expand.apply(scopes)), "", List.of());
    }

    private Reply style(Call call) {
        call.authorize(Map.of());
        return new Reply(200, new Reply.Raw("text/css; charset=utf-8", STYLE), Map.of("Cache-Control", "public, max-age=3600",
                "X-Content-Type-Options", "nosniff"));
    }

    private Reply signInPage(Call call, String next, Optional<String> purpose, Optional<String> error, int status) {
        String token = Form.cookie(call, LOGIN_TOKEN).filter(t -> t.length() == 43).orElseGet(this::newToken);
        String cookie = LOGIN_TOKEN + "=" + token + "; Path=/login; HttpOnly; SameSite=Lax" + (call.raw().https() ? "; Secure" : "");
        return Reply.page(status, Pages.signIn(sources, oidc, next, token, purpose, error), "", List.of(cookie));
    }

    private String newToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The request's raw query, as sent. */
    static String query(Call call) {
        String resource = call.raw().resource();
        int q = resource.indexOf('?');
        return q < 0 ? "" : resource.substring(q + 1);
    }

    private static byte[] stylesheet() {
        try (InputStream in = LoginRoutes.class.getResourceAsStream("/login/style.css")) {
            return in.readAllBytes();
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("the stylesheet is missing from the build", e);
        }
    }
}
