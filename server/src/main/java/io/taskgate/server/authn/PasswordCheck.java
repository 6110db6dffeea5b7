package io.taskgate.server.authn;

import io.taskgate.server.http.ApiError;
import io.taskgate.server.identity.Passwords;
import io.taskgate.server.identity.User;
import io.taskgate.server.identity.UserDirectory;
import java.util.Optional;

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
    /**
     * What an unknown user's password is checked against, so that timing does not tell who exists:
     * the hash of a random password nobody knows, with the same parameters as real ones (a test
     * checks that they match).
     */
    static final String DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$gkok6LOtdMOej2JYuU0bQA$D4TYmsO+Bw8gkdIHYTOfgcXWelQuXsr63uDZAMJLu1k";

    public PasswordCheck(UserDirectory users, Passwords passwords, LoginThrottle throttle) {
        this.users = users;
        this.passwords = passwords;
        this.throttle = throttle;
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
        try {
            if (user.isPresent()) {
                ok = passwords.verify(password, user.get().passwordHash().get());
            } else {
                passwords.verify(password, DUMMY_HASH); // the same work, so timing does not tell who exists
                ok = false;
            }
        } catch (Passwords.Busy busy) {
            throw new ApiError(503, "ServiceUnavailable", busy.getMessage(), null);
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

    /** Clears the failures counted against this name from this source, after a success. */
    public void succeeded(String name, String source) {
        throttle.succeeded(name, source);
    }

    /** Counts a failure and throws the 401 for it. */
    public void failed(String name, String source) {
        throttle.failed(name, source);
        throw ApiError.authenticationFailed(FAILED);
    }
}
