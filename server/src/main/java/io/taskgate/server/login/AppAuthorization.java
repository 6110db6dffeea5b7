package io.taskgate.server.login;

import com.nimbusds.oauth2.sdk.util.URLUtils;
import io.taskgate.scopes.ScopeSet;
import io.taskgate.server.http.ApiError;
import io.taskgate.server.http.Call;
import io.taskgate.server.http.Form;
import io.taskgate.server.http.Reply;
import io.taskgate.server.http.Route;
import io.taskgate.server.oauth.AuthorizationCodes;
import io.taskgate.server.oauth.AuthorizeRequest;
import io.taskgate.server.oauth.OAuthApp;
import io.taskgate.server.oauth.OAuthApps;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The authorization endpoint (RFC 6749 §4.1.1), the modern form of the Access Grant for registered
 * apps: {@code GET /oauth/authorize} checks the request, sends a signed-out browser to sign in
 * first, and shows a signed-in person the consent page (or, for an app registered with
 * {@code skipConsent}, answers at once); {@code POST /oauth/authorize} takes the person's answer
 * from a CSRF-protected form. Allow sends the browser back (303) with a single-use {@code code} and
 * the request's {@code state}; Deny sends {@code error=access_denied}. An unknown app or an
 * unregistered redirect URI gets an error page and never a redirect (RFC 6749 §4.1.2.1).
 */
public final class AppAuthorization {

    private final PageSessions pages;
    private final OAuthApps apps;
    private final AuthorizationCodes codes;
    private final Function<Collection<String>, ScopeSet> expand;
    private final Clock clock;

    /** {@code expand} gives a person's scopes through roles: the app gets only what the person holds. */
    public AppAuthorization(PageSessions pages, OAuthApps apps, AuthorizationCodes codes, Function<Collection<String>, ScopeSet> expand,
            Clock clock) {
        this.pages = pages;
        this.apps = apps;
        this.codes = codes;
        this.expand = expand;
        this.clock = clock;
    }

    public List<Route> routes() {
        return List.of(
                Route.page("GET", "/oauth/authorize", "authorize", this::ask),
                Route.page("POST", "/oauth/authorize", "authorizeDecision", this::decide));
    }

    private Reply ask(Call call) {
        call.authorize(Map.of());
        AuthorizeRequest.Parsed parsed = AuthorizeRequest.parse(URLUtils.parseParameters(LoginRoutes.query(call)), apps);
        if (!(parsed instanceof AuthorizeRequest.Valid valid)) {
            return refuse(parsed);
        }
        AuthorizeRequest request = valid.request();
        Optional<SignedIn> who = pages.of(call);
        if (who.isEmpty()) {
            return signInFirst(request);
        }
        return request.app().skipConsent() ? allow(who.get(), request) : consent(who.get(), request);
    }

    private Reply decide(Call call) {
        call.authorize(Map.of());
        Map<String, String> form = Form.of(call);
        // Read again with every value of each name, so that a repeated parameter is refused as in the query.
        Map<String, List<String>> params = form.isEmpty() ? Map.of()
                : URLUtils.parseParameters(new String(call.raw().body(), StandardCharsets.UTF_8));
        AuthorizeRequest.Parsed parsed = AuthorizeRequest.parse(params, apps);
        if (!(parsed instanceof AuthorizeRequest.Valid valid)) {
            return refuse(parsed);
        }
        AuthorizeRequest request = valid.request();
        Optional<SignedIn> signedIn = pages.of(call);
        if (signedIn.isEmpty()) {
            return signInFirst(request); // the session ended while the page was open: sign in, then see the same request
        }
        SignedIn who = signedIn.get();
        if (!who.formTokenMatches(form.get("form_token"))) {
            throw new ApiError(403, "CsrfTokenInvalid",
                    "This form did not come from your own consent page; go back to the app and try again", null);
        }
        return switch (form.getOrDefault("decision", "")) {
            case "allow" -> allow(who, request);
            case "deny" -> back(request.refuse("access_denied", "The person denied the request"));
            default -> throw ApiError.input("decision must be allow or deny");
        };
    }

    private Reply consent(SignedIn who, AuthorizeRequest request) {
        ScopeSet held = expand.apply(who.identity().scopes());
        OAuthApp app = request.app();
        return Reply.page(200, Pages.consent(who, request, request.grantable(held), request.withheld(held),
                clock.instant().plus(app.maxLifetime()), clock.instant()), OAuthApp.origin(request.redirectUri()), List.of());
    }

    /** A code for what the person holds of what the app asked for, sent back with the state. */
    private Reply allow(SignedIn who, AuthorizeRequest request) {
        List<String> scopes = request.grantable(expand.apply(who.identity().scopes()));
        Map<String, String> params = new LinkedHashMap<>();
        params.put("code", codes.issue(request, who.identity(), scopes));
        request.state().ifPresent(s -> params.put("state", s));
        return Reply.seeOther(GrantTarget.parse(request.redirectUri()).with(params, false), List.of());
    }

    private static Reply refuse(AuthorizeRequest.Parsed parsed) {
        return switch (parsed) {
            case AuthorizeRequest.Untrusted u -> throw ApiError.input(u.message());
            case AuthorizeRequest.Refused r -> back(r);
            case AuthorizeRequest.Valid v -> throw new IllegalStateException("a valid request is no refusal");
        };
    }

    /** The error, sent back to the app's registered redirect URI (RFC 6749 §4.1.2.1). */
    private static Reply back(AuthorizeRequest.Refused refused) {
        return Reply.seeOther(GrantTarget.parse(refused.redirectUri()).with(refused.response(), false), List.of());
    }

    /** The sign-in page, which returns here: the request travels in {@code next}, rebuilt from what was checked. */
    private static Reply signInFirst(AuthorizeRequest request) {
        StringBuilder query = new StringBuilder();
        request.parameters().forEach((k, v) -> query.append(query.isEmpty() ? "" : "&").append(k).append('=')
                .append(GrantTarget.encode(v)));
        return Reply.seeOther("/login?next=" + GrantTarget.encode("/oauth/authorize?" + query), List.of());
    }
}
