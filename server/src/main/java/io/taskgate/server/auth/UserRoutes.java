package io.taskgate.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskgate.server.http.ApiError;
import io.taskgate.server.http.Body;
import io.taskgate.server.http.Call;
import io.taskgate.server.http.Dates;
import io.taskgate.server.http.Reply;
import io.taskgate.server.http.Route;
import io.taskgate.server.identity.Audit;
import io.taskgate.server.identity.IdentityCache;
import io.taskgate.server.identity.Passwords;
import io.taskgate.server.identity.User;
import io.taskgate.server.identity.UserDirectory;
import io.taskgate.server.identity.UserStore;
import io.taskgate.server.session.Sessions;
import io.taskgate.server.store.Database;
import io.taskgate.server.store.Page;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * User management, in the style of Taskcluster's client endpoints: the same error format, paging
 * and audit. Granting a group needs {@code assume:group:<g>}, as granting a scope to a client needs
 * the scope, so that nobody hands out more than they hold.
 */
public final class UserRoutes {

    /** No colon (Basic splits there), no slash, no star: a username is literal in every scope. */
    static final Pattern USERNAME = Pattern.compile("^[A-Za-z0-9._@+-]{1,128}$");
    static final Pattern GROUP = Pattern.compile("^[A-Za-z0-9!@/:.+|_-]{1,128}$");
    static final int MAX_GROUPS = 100;
    private static final Set<String> FIELDS = Set.of("displayName", "groups", "enabled", "password");
    private static final String EACH_GROUP = "{\"for\":\"group\",\"in\":\"groups\",\"each\":\"assume:group:<group>\"}";
    /**
     * Whoever creates a user, sets its password or changes it must hold what the user holds: its
     * login identity and every group it has or gets. Otherwise resetting an admin's password would
     * be a way to become one.
     */
    private static final String IDENTITY = "\"assume:login-identity:local/<username>\"";

    private final UserStore store;
    private final UserDirectory users;
    private final IdentityCache identities;
    private final Passwords passwords;
    private final Sessions sessions;
    private final Clock clock;

    public UserRoutes(UserStore store, UserDirectory users, IdentityCache identities, Passwords passwords, Sessions sessions, Clock clock) {
        this.sessions = sessions;
        this.store = store;
        this.users = users;
        this.identities = identities;
        this.passwords = passwords;
        this.clock = clock;
    }

    public List<Route> routes() {
        String base = AuthRoutes.BASE + "/users";
        return List.of(
                Route.protectedRoute("GET", base + "/", "listUsers", "\"auth:list-users\"", this::list),
                Route.protectedRoute("GET", base + "/<username>", "user", "\"auth:get-user:<username>\"", this::get),
                Route.protectedRoute("PUT", base + "/<username>", "createUser",
                        "{\"AllOf\":[\"auth:create-user:<username>\"," + IDENTITY + "," + EACH_GROUP + "]}", this::create).withSensitivePayload(),
                Route.protectedRoute("POST", base + "/<username>", "updateUser",
                        "{\"AllOf\":[\"auth:update-user:<username>\"," + IDENTITY + "," + EACH_GROUP + "]}", this::update),
                Route.protectedRoute("POST", base + "/<username>/password", "setUserPassword",
                        "{\"AllOf\":[\"auth:update-user:<username>\"," + IDENTITY + "," + EACH_GROUP + "]}", this::setPassword)
                        .withSensitivePayload(),
                Route.protectedRoute("DELETE", base + "/<username>", "deleteUser", "\"auth:delete-user:<username>\"", this::delete));
    }

    private Reply list(Call call) {
        String prefix = call.query().getOrDefault("prefix", "");
        if (!prefix.isEmpty() && !USERNAME.matcher(prefix).matches()) {
            throw ApiError.input("prefix: may only hold the characters of a username, [A-Za-z0-9._@+-]");
        }
        Page<User> page = store.list(prefix, Optional.ofNullable(call.query().get("continuationToken")), Body.limit(call, 1000));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("users", page.items().stream().map(this::view).toList());
        page.continuationToken().ifPresent(t -> body.put("continuationToken", t));
        return Reply.ok(body);
    }

    private Reply get(Call call) {
        return Reply.ok(view(find(username(call))));
    }

    private Reply create(Call call) {
        String name = username(call);
        JsonNode body = call.requireBody();
        Body.onlyFields(body, FIELDS);
        String displayName = Body.boundedText(body, "displayName", 256);
        List<String> groups = groups(body).orElse(List.of());
        boolean enabled = Body.bool(body, "enabled").orElse(true);
        Optional<String> password = password(body);
        call.authorize(Map.of("groups", groups));
        Instant now = clock.instant();
        User user = new User(name, displayName, groups, enabled, password.map(this::hash), now, now, now);
        try {
            store.create(user, Audit.ofUser(name, call.who(), "created", now));
        } catch (Database.Conflict e) {
            throw ApiError.conflict("a user named " + name + " already exists");
        }
        users.reload();
        return Reply.ok(view(user));
    }

    private Reply update(Call call) {
        String name = username(call);
        JsonNode body = call.requireBody();
        Body.onlyFields(body, Set.of("displayName", "groups", "enabled"));
        Optional<List<String>> groups = groups(body);
        User old = find(name);
        Set<String> held = new LinkedHashSet<>(old.groups());
        held.addAll(groups.orElse(List.of()));
        call.authorize(Map.of("groups", List.copyOf(held)));
        String displayName = body.has("displayName") ? Body.boundedText(body, "displayName", 256) : old.displayName();
        Instant now = clock.instant();
        User updated = new User(name, displayName, groups.orElse(old.groups()), Body.bool(body, "enabled").orElse(old.enabled()),
                old.passwordHash(), old.created(), now, old.passwordChanged());
        save(updated, call, "updated");
        if (!updated.enabled()) {
            sessions.endAllOf(name);
        }
        return Reply.ok(view(updated));
    }

    private Reply setPassword(Call call) {
        String name = username(call);
        JsonNode body = call.requireBody();
        Body.onlyFields(body, Set.of("password"));
        String password = password(body).orElseThrow(() -> ApiError.input("password: is required"));
        User old = find(name);
        call.authorize(Map.of("groups", old.groups()));
        Instant now = clock.instant();
        User updated = new User(name, old.displayName(), old.groups(), old.enabled(), Optional.of(hash(password)),
                old.created(), now, now);
        save(updated, call, "passwordChanged");
        sessions.endAllOf(name); // whoever signed in with the old password is out
        return Reply.ok(view(updated));
    }

    private Reply delete(Call call) {
        String name = username(call);
        if (store.delete(name, Audit.ofUser(name, call.who(), "deleted", clock.instant()))) {
            users.reload();
            sessions.endAllOf(name); // a later user of the same name must not inherit them
        }
        return new Reply(200, null);
    }

    /** The hash of a new password; 503 while every hashing slot stays busy. */
    private String hash(String password) {
        try {
            return passwords.hash(password);
        } catch (Passwords.Busy busy) {
            throw new ApiError(503, "ServiceUnavailable", busy.getMessage(), null);
        }
    }

    private void save(User user, Call call, String action) {
        if (!store.update(user, Audit.ofUser(user.username(), call.who(), action, user.lastModified()))) {
            throw ApiError.notFound("User not found");
        }
        users.reload();
    }

    private static Optional<List<String>> groups(JsonNode body) {
        JsonNode value = body.get("groups");
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isArray() || value.size() > MAX_GROUPS) {
            throw ApiError.input("groups: must be an array of at most " + MAX_GROUPS + " group names");
        }
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode g = value.get(i);
            if (!g.isTextual() || !GROUP.matcher(g.asText()).matches()) {
                throw ApiError.input("groups[" + i + "]: must be 1-128 of [A-Za-z0-9!@/:.+|_-]");
            }
            if (!out.add(g.asText())) {
                throw ApiError.input("groups: must not list a group twice");
            }
        }
        return Optional.of(List.copyOf(out));
    }

    private static Optional<String> password(JsonNode body) {
        Optional<String> password = Body.text(body, "password");
        password.ifPresent(p -> {
            if (p.length() < Passwords.MIN_LENGTH || p.length() > Passwords.MAX_LENGTH) {
                throw ApiError.input("password: must be " + Passwords.MIN_LENGTH + " to " + Passwords.MAX_LENGTH + " characters");
            }
        });
        return password;
    }

    private static String username(Call call) {
        String name = call.param("username");
        if (!USERNAME.matcher(name).matches()) {
            throw ApiError.input("username: must be 1-128 of [A-Za-z0-9._@+-]");
        }
        return name;
    }

    private User find(String name) {
        return store.get(name).orElseThrow(() -> ApiError.notFound("User not found"));
    }

    /** A user as the API shows it: never the password or its hash. */
    private Map<String, Object> view(User u) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("username", u.username());
        out.put("displayName", u.displayName());
        out.put("groups", u.groups());
        out.put("enabled", u.enabled());
        out.put("hasPassword", u.passwordHash().isPresent());
        out.put("created", Dates.iso(u.created()));
        out.put("lastModified", Dates.iso(u.lastModified()));
        out.put("passwordChanged", Dates.iso(u.passwordChanged()));
        out.put("scopes", u.identityScopes());
        out.put("expandedScopes", identities.expand(u.identityScopes()));
        return out;
    }
}
