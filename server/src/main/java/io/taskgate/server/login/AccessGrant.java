package io.taskgate.server.login;

import io.taskgate.server.http.ApiError;
import io.taskgate.server.http.Call;
import io.taskgate.server.http.Form;
import io.taskgate.server.http.Reply;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Access Grant (Taskcluster's login flow): a site sends the browser to
 * {@code /login?target=<its URL>&description=<markdown>}; a signed-in person sees who asks, what
 * for, the scopes and the expiry, and answers with a CSRF-protected form. Grant Access sends the
 * browser back (303) with {@code clientId}, {@code accessToken} and {@code certificate} added to the
 * target's query, or after {@code #} with {@code response_mode=fragment}; Deny sends
 * {@code error=access_denied}. A target host that is neither allowed by configuration nor confirmed
 * before must be typed by the person, so that a look-alike link cannot harvest credentials.
 */
public final class AccessGrant {

    /** A well-formed grant request. */
    public record Request(GrantTarget target, String description, boolean fragment) {}

    private final PageSessions pages;
    private final LoginCredentials credentials;
    private final LoginStore store;
    private final LoginSettings settings;
    private final Clock clock;

    public AccessGrant(PageSessions pages, LoginCredentials credentials, LoginStore store, LoginSettings settings, Clock clock) {
        this.pages = pages;
        this.credentials = credentials;
        this.store = store;
        this.settings = settings;
        this.clock = clock;
    }

    /** What keeps these parameters from being a grant request, each problem naming its parameter; empty when none. */
    static List<String> problems(Map<String, String> params) {
        List<String> out = new ArrayList<>();
        String target = params.get("target");
        String description = params.get("description");
        if (target == null || target.isBlank()) {
            out.add("target is missing: the URL of the site to return to");
        } else {
            try {
                GrantTarget.parse(target);
            } catch (IllegalArgumentException e) {
                out.add(e.getMessage());
            }
        }
        if (description == null || description.isBlank()) {
            out.add("description is missing: what the site will do with your credentials, in markdown");
        } else if (description.length() > Markdown.MAX_LENGTH) {
            out.add("description is longer than " + Markdown.MAX_LENGTH + " characters");
        }
        String mode = params.get("response_mode");
        if (mode != null && !mode.equals("query") && !mode.equals("fragment")) {
            out.add("response_mode must be query or fragment");
        }
        return out;
    }

    /** The request in {@code params}, which {@link #problems} found none in. */
    static Request read(Map<String, String> params) {
        return new Request(GrantTarget.parse(params.get("target")), params.get("description"), "fragment".equals(params.get("response_mode")));
    }

    /** The grant page for a signed-in person. */
    Reply page(SignedIn who, Request request, Optional<String> error, int status) {
        boolean confirm = mustConfirm(who, request.target());
        return Reply.page(status, Pages.grant(who, request.target(), request.description(), request.fragment(), who.identity().scopes(),
                credentials.expiry(settings.credentialLifetime()), clock.instant(), confirm, error), request.target().origin(), List.of());
    }

    /** {@code POST /login/grant}: the person's answer. */
    Reply decide(Call call) {
        call.authorize(Map.of());
        Map<String, String> form = Form.of(call);
        List<String> problems = problems(form);
        if (!problems.isEmpty()) {
            throw ApiError.input(String.join("; ", problems));
        }
        Request request = read(form);
        Optional<SignedIn> signedIn = pages.of(call);
        if (signedIn.isEmpty()) {
            // The session ended while the page was open: sign in again, then see the same grant.
            Map<String, String> again = new LinkedHashMap<>();
            again.put("target", request.target().uri().toString());
            again.put("description", request.description());
            if (request.fragment()) {
                again.put("response_mode", "fragment");
            }
            StringBuilder q = new StringBuilder();
            again.forEach((k, v) -> q.append(q.isEmpty() ? "" : "&").append(k).append('=').append(GrantTarget.encode(v)));
            return Reply.seeOther("/login?" + q, List.of());
        }
        SignedIn who = signedIn.get();
        if (!who.formTokenMatches(form.get("form_token"))) {
            throw new ApiError(403, "CsrfTokenInvalid", "This form did not come from your own grant page; go back to the site and try again", null);
        }
        GrantTarget target = request.target();
        if ("deny".equals(form.get("decision"))) {
            return Reply.seeOther(target.with(Map.of("error", "access_denied"), request.fragment()), List.of());
        }
        if (!"grant".equals(form.get("decision"))) {
            throw ApiError.input("decision must be grant or deny");
        }
        if (mustConfirm(who, target)) {
            String typed = form.getOrDefault("confirm_host", "").strip();
            if (!typed.equalsIgnoreCase(target.host())) {
                return page(who, request, Optional.of("The host name you typed does not match " + target.host()
                        + ". Check that this is the site you meant, and type its host name exactly."), 400);
            }
            store.approve(who.identity().identity(), target.host(), clock.instant());
        }
        LoginCredentials.Granted granted = credentials.issue(who.identity(), settings.credentialLifetime());
        Map<String, String> params = new LinkedHashMap<>();
        params.put("clientId", granted.clientId());
        params.put("accessToken", granted.accessToken());
        params.put("certificate", granted.certificate());
        return Reply.seeOther(target.with(params, request.fragment()), List.of());
    }

    private boolean mustConfirm(SignedIn who, GrantTarget target) {
        return !settings.allowedHosts().contains(target.host()) && !store.approved(who.identity().identity(), target.host());
    }
}
