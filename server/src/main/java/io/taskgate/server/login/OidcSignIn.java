package io.taskgate.server.login;

import io.taskgate.server.http.ApiError;
import io.taskgate.server.http.Call;
import io.taskgate.server.http.Form;
import io.taskgate.server.http.Reply;
import io.taskgate.server.http.Route;
import io.taskgate.server.identity.SecretBox;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sign-in through upstream OIDC providers: {@code GET /login/oidc/<name>} sends the browser to the
 * provider with a fresh state, nonce and PKCE challenge, kept in a cookie sealed with the master
 * key (so any node can finish the flow); {@code GET /login/oidc/<name>/callback} checks the state
 * against that cookie, redeems the code, and signs the person in.
 */
public final class OidcSignIn {

    static final String COOKIE = "TASKGATE-OIDC";

    private final Map<String, UpstreamOidc> providers = new LinkedHashMap<>();
    private final PageSessions pages;
    private final SecretBox box;
    private final String publicUrl;
    private final Clock clock;

    public OidcSignIn(List<UpstreamOidc> providers, PageSessions pages, SecretBox box, String publicUrl, Clock clock) {
        providers.forEach(p -> this.providers.put(p.settings().name(), p));
        this.pages = pages;
        this.box = box;
        this.publicUrl = publicUrl;
        this.clock = clock;
    }

    /** Each provider's name and button label, in configured order. */
    public Map<String, String> buttons() {
        Map<String, String> out = new LinkedHashMap<>();
        providers.values().forEach(p -> out.put(p.settings().name(), p.settings().displayName()));
        return out;
    }

    public List<Route> routes() {
        return List.of(Route.page("GET", "/login/oidc/<provider>", "signInWithOidc", this::begin),
                Route.page("GET", "/login/oidc/<provider>/callback", "oidcCallback", this::callback));
    }

    private Reply begin(Call call) {
        call.authorize(Map.of());
        UpstreamOidc provider = provider(call);
        String next = Next.safe(call.query().get("next"));
        UpstreamOidc.Begun begun;
        try {
            begun = provider.begin(callbackUri(provider)).withReturnTo(next);
        } catch (UpstreamOidc.Failed e) {
            throw new ApiError(503, "ServiceUnavailable", "Sign-in with " + provider.settings().displayName()
                    + " is not available just now; try again shortly, or choose another way to sign in", null);
        }
        String cookie = COOKIE + "=" + begun.seal(box, clock.instant()) + "; Path=" + path(provider) + "; HttpOnly; SameSite=Lax; Max-Age="
                + UpstreamOidc.PENDING_TIME_TO_LIVE.toSeconds() + (call.raw().https() ? "; Secure" : "");
        return Reply.seeOther(begun.authorizationUri().toString(), List.of(cookie));
    }

    private Reply callback(Call call) {
        call.authorize(Map.of());
        UpstreamOidc provider = provider(call);
        String label = provider.settings().displayName();
        Optional<UpstreamOidc.Begun> begun = Form.cookie(call, COOKIE)
                .flatMap(sealed -> UpstreamOidc.Begun.unseal(box, provider.settings().name(), sealed, clock.instant()));
        if (begun.isEmpty()) {
            throw new ApiError(400, "InputError", "This sign-in with " + label + " was not started here, or took longer than "
                    + UpstreamOidc.PENDING_TIME_TO_LIVE.toMinutes() + " minutes; start again from the sign-in page", null);
        }
        if (!begun.get().stateMatches(call.query().get("state"))) {
            throw new ApiError(400, "InputError", "The answer from " + label + " does not belong to this sign-in (state mismatch); "
                    + "start again from the sign-in page", null);
        }
        String error = call.query().get("error");
        if (error != null) {
            throw new ApiError(401, "AuthenticationFailed", "Sign-in with " + label + " was not completed: "
                    + error.replaceAll("[^A-Za-z0-9_ .-]", "?"), null);
        }
        String code = call.query().get("code");
        if (code == null || code.isEmpty()) {
            throw ApiError.input("The answer from " + label + " carries no code; start again from the sign-in page");
        }
        LoginIdentity who;
        try {
            who = provider.finish(callbackUri(provider), begun.get(), code);
        } catch (UpstreamOidc.Failed e) {
            throw new ApiError(401, "AuthenticationFailed", "Sign-in with " + label + " failed: " + e.getMessage(), null);
        }
        String clear = COOKIE + "=; Path=" + path(provider) + "; Max-Age=0; HttpOnly; SameSite=Lax" + (call.raw().https() ? "; Secure" : "");
        return pages.signIn(who, call, begun.get().returnTo(), List.of(clear));
    }

    private UpstreamOidc provider(Call call) {
        UpstreamOidc p = providers.get(call.param("provider"));
        if (p == null) {
            throw ApiError.notFound("No sign-in provider is called " + call.param("provider"));
        }
        return p;
    }

    private static String path(UpstreamOidc p) {
        return "/login/oidc/" + p.settings().name() + "/";
    }

    /** The redirect URI to register at the provider. */
    private URI callbackUri(UpstreamOidc p) {
        return URI.create(publicUrl + path(p) + "callback");
    }
}
