package io.taskgate.server.session;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Cookie sessions: started at login with a fresh random id and CSRF token, found by the id on each
 * request, ended at logout or when idle or too old. The store keeps only hashes. Each node keeps
 * recently used sessions in memory for {@link #CACHE_TIME} and writes {@code last_seen} at most
 * every {@link #TOUCH_INTERVAL}, so a request normally reads nothing from the store.
 */
public final class Sessions {

    /** The session cookie's name. */
    public static final String COOKIE = "TASKGATE-SESSION";
    /** The CSRF token's cookie and header name, as Camunda's. */
    public static final String CSRF = "X-CSRF-TOKEN";
    /** How long another node may still accept a session that was ended elsewhere. */
    static final Duration CACHE_TIME = Duration.ofSeconds(10);
    static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

    /** A session just started: the cookie value and the CSRF token, which only the client keeps. */
    public record Started(String id, String csrfToken) {
        @Override
        public String toString() {
            return "Started[(hidden)]";
        }
    }

    /** A session in use, with when it was last read from and written to the store. */
    private record Live(Session session, Instant read, Instant written) {}

    private final SessionStore store;
    private final SessionSettings settings;
    private final Clock clock;
    private final SecureRandom random;
    private final Cache<String, Live> live = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(CACHE_TIME).build();

    public Sessions(SessionStore store, SessionSettings settings, Clock clock, SecureRandom random) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        this.random = random;
    }

    public SessionSettings settings() {
        return settings;
    }

    /** Starts a session for the local user {@code username}; a session the caller already had ends, so its id is never reused. */
    public Started start(String username, Optional<String> previousId) {
        return start("local", username, java.util.List.of(), previousId);
    }

    /**
     * Starts a session for {@code name} at {@code provider}, with the groups an outside source
     * vouched for (none for local users); a session the caller already had ends.
     */
    public Started start(String provider, String username, java.util.List<String> groups, Optional<String> previousId) {
        previousId.ifPresent(this::end);
        String id = token();
        String csrf = token();
        Instant now = clock.instant();
        store.create(new Session(hash(id), username, hash(csrf), now, now, now.plus(settings.lifetime()), provider, groups));
        return new Started(id, csrf);
    }

    /** The live session with this cookie value; an idle, too old or unknown one is empty (and removed). */
    public Optional<Session> find(String id) {
        String key = hash(id);
        Instant now = clock.instant();
        Live l = live.getIfPresent(key);
        if (l == null || !now.isBefore(l.read().plus(CACHE_TIME))) {
            // Reread at least every CACHE_TIME, so that a session ended on another node ends here too.
            Optional<Session> stored = store.get(key);
            if (stored.isEmpty()) {
                live.invalidate(key);
                return Optional.empty();
            }
            Session s = l == null ? stored.get() : stored.get().seen(l.session().lastSeen());
            l = new Live(s, now, l == null ? stored.get().lastSeen() : l.written());
        }
        Session s = l.session();
        if (!now.isBefore(s.expires()) || !now.isBefore(s.lastSeen().plus(settings.idleTimeout()))) {
            end(id);
            return Optional.empty();
        }
        Instant written = l.written();
        if (!now.isBefore(written.plus(TOUCH_INTERVAL))) {
            store.touch(key, now);
            written = now;
        }
        live.put(key, new Live(s.seen(now), l.read(), written));
        return Optional.of(s);
    }

    /**
     * The {@code Set-Cookie} values that hand a new session to the browser: the session cookie
     * (HttpOnly), and the CSRF token as a cookie the page's script may read, when CSRF protection is on.
     */
    public List<String> cookies(Started started, boolean https) {
        String secure = https ? "; Secure" : "";
        List<String> out = new ArrayList<>(2);
        out.add(COOKIE + "=" + started.id() + "; Path=/; HttpOnly; SameSite=Lax" + secure);
        if (settings.csrfEnabled()) {
            out.add(CSRF + "=" + started.csrfToken() + "; Path=/; SameSite=Lax" + secure);
        }
        return out;
    }

    /** The {@code Set-Cookie} values that clear both cookies, at sign-out. */
    public static List<String> clearingCookies(boolean https) {
        String secure = https ? "; Secure" : "";
        return List.of(COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax" + secure, CSRF + "=; Path=/; Max-Age=0; SameSite=Lax" + secure);
    }

    /** True when {@code header} is the session's CSRF token (compared as hashes, in constant time). */
    public boolean csrfMatches(Session session, Optional<String> header) {
        return header.isPresent() && MessageDigest.isEqual(hash(header.get()).getBytes(StandardCharsets.US_ASCII),
                session.csrfHash().getBytes(StandardCharsets.US_ASCII));
    }

    /** Ends the session with this cookie value, here and in the store. */
    public void end(String id) {
        String key = hash(id);
        live.invalidate(key);
        store.delete(key);
    }

    /** Ends every session of {@code username}: after a password change, a disable or a delete. */
    public void endAllOf(String username) {
        live.asMap().values().removeIf(l -> l.session().provider().equals("local") && l.session().username().equals(username));
        store.deleteAllOf(username);
    }

    /** Deletes sessions that have ended by time; for the scheduled job. */
    public int prune() {
        Instant now = clock.instant();
        return store.deleteExpired(now, now.minus(settings.idleTimeout()));
    }

    private String token() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String secret) {
        try {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
