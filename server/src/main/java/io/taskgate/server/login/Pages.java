package io.taskgate.server.login;

import static io.taskgate.server.http.Html.escape;

import io.taskgate.server.http.Dates;
import io.taskgate.server.http.Html;
import io.taskgate.server.oauth.AuthorizeRequest;
import io.taskgate.server.oauth.OAuthApp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The login service's pages as HTML: sign-in, account, the Access Grant, the grant's
 * explanation of what is missing, and the authorization endpoint's consent page. Every value is
 * escaped here; only the description's rendered markdown, already made safe by {@link Markdown},
 * goes in as it is. Forms work without script.
 */
final class Pages {

    /** An upstream OIDC provider as the sign-in page offers it. */
    record OidcButton(String name, String label) {}

    private Pages() {}

    static Html signIn(List<PasswordSource> sources, List<OidcButton> oidc, String next, String loginToken, Optional<String> purpose,
            Optional<String> error) {
        StringBuilder b = new StringBuilder("<h1>Sign in to Taskgate</h1>\n");
        purpose.ifPresent(p -> b.append("<p>").append(escape(p)).append("</p>\n"));
        error.ifPresent(e -> b.append("<p class=\"alert\" role=\"alert\">").append(escape(e)).append("</p>\n"));
        boolean first = true;
        for (PasswordSource s : sources) {
            String id = s.provider();
            String which = sources.size() > 1 ? " (" + escape(s.label()) + ")" : ""; // labels stay unique with several forms
            b.append("<form method=\"post\" action=\"/login/password\">\n<fieldset><legend>").append(escape(s.label())).append("</legend>\n")
                    .append(hidden("source", s.provider())).append(hidden("next", next)).append(hidden("login_token", loginToken))
                    .append("<label for=\"").append(id).append("-username\">Username").append(which).append("</label>\n")
                    .append("<input type=\"text\" id=\"").append(id).append("-username\" name=\"username\" autocomplete=\"username\" ")
                    .append("autocapitalize=\"none\" spellcheck=\"false\" required maxlength=\"256\"").append(first ? " autofocus" : "").append(">\n")
                    .append("<label for=\"").append(id).append("-password\">Password").append(which).append("</label>\n")
                    .append("<input type=\"password\" id=\"").append(id).append("-password\" name=\"password\" autocomplete=\"current-password\" ")
                    .append("required maxlength=\"1024\">\n")
                    .append("<button type=\"submit\">Sign in with ").append(escape(s.label())).append("</button>\n</fieldset></form>\n");
            first = false;
        }
        for (OidcButton o : oidc) {
            b.append("<p><a class=\"button secondary\" href=\"/login/oidc/").append(escape(o.name())).append("?next=")
                    .append(escape(GrantTarget.encode(next))).append("\">Sign in with ").append(escape(o.label())).append("</a></p>\n");
        }
        if (sources.isEmpty() && oidc.isEmpty()) {
            b.append("<p class=\"alert\" role=\"alert\">No source of authority is configured; ask the administrator.</p>\n");
        }
        return Html.page("Sign in", b.toString());
    }

    static Html account(SignedIn who, List<String> scopes, List<String> expanded) {
        StringBuilder b = new StringBuilder("<h1>Your account</h1>\n<p>Signed in as <code>").append(escape(who.identity().identity()))
                .append("</code></p>\n<h2>Your scopes</h2>\n").append(scopeList(scopes))
                .append("<details><summary>Expanded through roles (").append(expanded.size()).append(")</summary>\n")
                .append(scopeList(expanded)).append("</details>\n").append(signOut(who));
        return Html.page("Your account", b.toString());
    }

    static Html grant(SignedIn who, GrantTarget target, String description, boolean fragment, List<String> scopes, Instant expires,
            Instant now, boolean confirmHost, Optional<String> error) {
        StringBuilder b = new StringBuilder("<h1>Grant access</h1>\n<p>This site asks for Taskgate credentials in your name:</p>\n")
                .append("<p class=\"origin\">").append(escape(target.origin())).append("</p>\n");
        error.ifPresent(e -> b.append("<p class=\"alert\" role=\"alert\">").append(escape(e)).append("</p>\n"));
        b.append("<h2>What the site says</h2>\n<div class=\"description\">").append(Markdown.render(description)).append("</div>\n")
                .append("<h2>It will receive</h2>\n<p>Credentials for <code>").append(escape(who.identity().identity()))
                .append("</code> holding these scopes:</p>\n").append(scopeList(scopes))
                .append("<p>They expire <time datetime=\"").append(Dates.iso(expires)).append("\">").append(escape(when(expires, now)))
                .append("</time>. Until then the site can act as you within these scopes.</p>\n")
                .append("<form method=\"post\" action=\"/login/grant\">\n")
                .append(hidden("target", target.uri().toString())).append(hidden("description", description))
                .append(fragment ? hidden("response_mode", "fragment") : "").append(hidden("form_token", who.formToken()));
        if (confirmHost) {
            b.append("<label for=\"confirm_host\">You have not granted access to this site before. Type its host name, <code>")
                    .append(escape(target.host())).append("</code>, to confirm</label>\n")
                    .append("<input type=\"text\" id=\"confirm_host\" name=\"confirm_host\" autocomplete=\"off\" autocapitalize=\"none\" ")
                    .append("spellcheck=\"false\" required autofocus>\n");
        }
        b.append("<div class=\"actions\"><button type=\"submit\" name=\"decision\" value=\"grant\">Grant Access</button>\n")
                .append("<button type=\"submit\" name=\"decision\" value=\"deny\" class=\"secondary\" formnovalidate>Deny</button></div>\n")
                .append("</form>\n").append(signOut(who));
        return Html.page("Grant access", b.toString());
    }

    static Html consent(SignedIn who, AuthorizeRequest request, List<String> granted, List<String> withheld, Instant expires,
            Instant now) {
        OAuthApp app = request.app();
        StringBuilder b = new StringBuilder("<h1>Allow access</h1>\n<p><strong>").append(escape(app.name()))
                .append("</strong> asks for Taskgate credentials in your name. They will be sent to:</p>\n")
                .append("<p class=\"origin\">").append(escape(OAuthApp.origin(request.redirectUri()))).append("</p>\n")
                .append("<h2>It will receive</h2>\n<p>A client of its own under <code>").append(escape(who.identity().identity()))
                .append("/</code>, holding these scopes:</p>\n").append(scopeList(granted));
        if (!withheld.isEmpty()) {
            b.append("<p>It also asked for these, which you do not hold; it will not get them:</p>\n").append(scopeList(withheld));
        }
        b.append("<p>They expire <time datetime=\"").append(Dates.iso(expires)).append("\">").append(escape(when(expires, now)))
                .append("</time>. Until then the app can act as you within these scopes; delete the client to stop it sooner.</p>\n")
                .append("<form method=\"post\" action=\"/oauth/authorize\">\n");
        request.parameters().forEach((k, v) -> b.append(hidden(k, v)));
        b.append(hidden("form_token", who.formToken()))
                .append("<div class=\"actions\"><button type=\"submit\" name=\"decision\" value=\"allow\">Allow</button>\n")
                .append("<button type=\"submit\" name=\"decision\" value=\"deny\" class=\"secondary\">Deny</button></div>\n")
                .append("</form>\n").append(signOut(who));
        return Html.page("Allow " + app.name(), b.toString());
    }

    static Html grantIncomplete(List<String> problems) {
        StringBuilder b = new StringBuilder("<h1>This grant request is incomplete</h1>\n<p>A site sent you here to ask for credentials, "
                + "but the request cannot be offered:</p>\n<ul role=\"alert\">\n");
        problems.forEach(p -> b.append("<li>").append(escape(p)).append("</li>\n"));
        b.append("</ul>\n<p class=\"muted\">A site asks with <code>/login?target=&lt;its URL&gt;&amp;description=&lt;markdown&gt;</code>; "
                + "both are required.</p>\n<p><a href=\"/login\">Go to your account</a></p>");
        return Html.page("Incomplete grant request", b.toString());
    }

    /** A time for people: {@code 2026-11-26 23:56 UTC, in 3 days}. */
    static String when(Instant at, Instant now) {
        java.time.Duration left = java.time.Duration.between(now, at);
        long days = left.toDays();
        long hours = left.toHours();
        String in = days >= 2 ? days + " days" : hours >= 2 ? hours + " hours" : Math.max(1, left.toMinutes()) + " minutes";
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(java.time.ZoneOffset.UTC).format(at)
                + ", in " + in;
    }

    private static String signOut(SignedIn who) {
        return "<form method=\"post\" action=\"/login/signout\">" + hidden("form_token", who.formToken())
                + "<button type=\"submit\" class=\"secondary\">Sign out</button></form>\n";
    }

    private static String scopeList(List<String> scopes) {
        if (scopes.isEmpty()) {
            return "<p class=\"muted\">(none)</p>\n";
        }
        StringBuilder b = new StringBuilder("<ul class=\"scopes\">\n");
        scopes.forEach(s -> b.append("<li>").append(escape(s)).append("</li>\n"));
        return b.append("</ul>\n").toString();
    }

    private static String hidden(String name, String value) {
        return "<input type=\"hidden\" name=\"" + escape(name) + "\" value=\"" + escape(value) + "\">\n";
    }
}
