package io.taskgate.server.authn;

import io.taskgate.server.http.ApiError;
import io.taskgate.server.identity.Passwords;
import io.taskgate.server.identity.User;
import io.taskgate.server.identity.UserDirectory;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Checks a username and password with the slow hash, behind the throttle: the one place where a
 * password is judged, for HTTP Basic and for {@code /api/login} alike. An unknown user, a disabled
 * one, one without a password and a wrong password all cost the same work and get the same answer.
 */
public final class PasswordCheck {

    /** The answer to every failed check. */
    public static final String FAILED = "Invalid username or password";

    private final UserDirectory users;
    private final Passwords passwords;
    private final LoginThrottle throttle;
    private final CompletableFuture<String> dummyHash;

    public PasswordCheck(UserDirectory users, Passwords passwords, LoginThrottle throttle) {
        this.users = users;
        this.passwords = passwords;
        this.throttle = throttle;
        // Made in the background: a cold Argon2id hash would add a few hundred milliseconds to start-up.
        this.dummyHash = CompletableFuture.supplyAsync(() -> passwords.hash("an unknown user's password costs as much as a real one"),
                command -> Thread.ofVirtual().name("dummy-hash").start(command));
    }

    /**
     * The user whose password this is.
     *
     * @throws ApiError 429 while {@code name} or {@code source} must wait, 401 for a failed check
     */
    public User verify(String username, String password, String source) {
        throttled(username, source);
        Optional<User> user = users.get(username).filter(User::enabled).filter(u -> u.passwordHash().isPresent());
        boolean ok;
        if (user.isPresent()) {
            ok = passwords.verify(password, user.get().passwordHash().get());
        } else {
            passwords.verify(password, dummyHash.join()); // the same work, so timing does not tell who exists
            ok = false;
        }
        if (!ok) {
            failed(username, source);
        }
        throttle.succeeded(username, source);
        return user.get();
    }

    /** Throws 429 while this name or source must wait after failures. */
    public void throttled(String name, String source) {
        throttle.wait(name, source).ifPresent(wait -> {
            throw ApiError.tooManyRequests("Too many failed sign-in attempts; try again later", wait);
        });
    }

    /** Counts a failure and throws the 401 for it. */
    public void failed(String name, String source) {
        throttle.failed(name, source);
        throw ApiError.authenticationFailed(FAILED);
    }
}
