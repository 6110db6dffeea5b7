package io.taskgate.server.authn;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.taskgate.hawk.HawkAuthenticator;
import io.taskgate.hawk.HawkException;
import io.taskgate.scopes.ScopeSet;
import io.taskgate.server.http.ApiError;
import io.taskgate.server.identity.User;
import io.taskgate.server.identity.UserDirectory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HTTP Basic (RFC 7617) for users ({@code username:password}) and for clients
 * ({@code clientId:accessToken}).
 *
 * <p>A user's password is checked with the slow hash once; the success is then remembered for
 * {@link #REMEMBER} under an HMAC of {@code username:password} keyed with a per-process secret, so
 * later requests cost one HMAC. A remembered success counts only while the user still exists, is
 * enabled, and has the same password hash as when it was checked. Failures are never remembered, and are throttled
 * per user and per source address ({@link LoginThrottle}).
 */
public final class BasicAuthenticator {

    /** How long a verified password is remembered. */
    static final Duration REMEMBER = Duration.ofMinutes(5);
    static final int MAX_REMEMBERED = 100_000;
    /** Refused before decoding: longer than any username and password we accept. */
    static final int MAX_CREDENTIALS = 2048;

    /** A verified password: whose, and the stored hash it matched (a new password has a new hash, a new salt). */
    private record Remembered(String username, String passwordHash) {}

    private final UserDirectory users;
    private final HawkAuthenticator.Clients clients;
    private final PasswordCheck passwords;
    private final Function<Collection<String>, ScopeSet> expand;
    private final Clock clock;
    private final SecretKeySpec cacheKey;
    private final Cache<ByteBuffer, Remembered> remembered = Caffeine.newBuilder().maximumSize(MAX_REMEMBERED)
            .expireAfterWrite(REMEMBER).build();

    public BasicAuthenticator(UserDirectory users, HawkAuthenticator.Clients clients, PasswordCheck passwords,
            Function<Collection<String>, ScopeSet> expand, Clock clock, SecureRandom random) {
        this.clock = clock;
        this.users = users;
        this.clients = clients;
        this.passwords = passwords;
        this.expand = expand;
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        this.cacheKey = new SecretKeySpec(secret, "HmacSHA256");
    }

    /** The principal for the credentials after {@code Basic }, sent from {@code source}. */
    public Principal authenticate(String credentials, String source) {
        if (credentials.length() > MAX_CREDENTIALS) {
            throw ApiError.authenticationFailed("Basic credentials are too long");
        }
        String pair;
        try {
            pair = new String(Base64.getDecoder().decode(credentials.strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiError.authenticationFailed("Basic credentials must be base64 of name:password");
        }
        int first = pair.indexOf(':');
        if (first <= 0) {
            throw ApiError.authenticationFailed("Basic credentials must be base64 of name:password");
        }
        String username = pair.substring(0, first);
        Optional<User> user = users.get(username);
        if (user.isEmpty()) {
            // Not a user: perhaps a client. Access tokens hold no colon, so the id is all before the last one.
            int last = pair.lastIndexOf(':');
            Optional<Principal> client = client(pair.substring(0, last), pair.substring(last + 1), source);
            if (client.isPresent()) {
                return client.get();
            }
        }
        ByteBuffer key = ByteBuffer.wrap(hmac(pair));
        Remembered r = remembered.getIfPresent(key);
        if (r != null && user.isPresent() && r.username().equals(username) && user.get().enabled()
                && user.get().passwordHash().filter(r.passwordHash()::equals).isPresent()) {
            return principal(user.get()); // a password already proven right is no guess: no throttle
        }
        User verified = passwords.verify(username, pair.substring(first + 1), source);
        remembered.put(key, new Remembered(username, verified.passwordHash().get()));
        return principal(verified);
    }

    private Optional<Principal> client(String clientId, String accessToken, String source) {
        HawkAuthenticator.Issuer issuer;
        try {
            issuer = clients.load(clientId);
        } catch (HawkException notAClient) {
            return Optional.empty();
        }
        passwords.throttled(clientId, source);
        if (!MessageDigest.isEqual(accessToken.getBytes(StandardCharsets.UTF_8), issuer.accessToken().getBytes(StandardCharsets.UTF_8))) {
            passwords.failed(clientId, source);
        }
        return Optional.of(new Principal(Optional.of(clientId), issuer.requestScopes(), issuer.expires(), Optional.empty(), "basic"));
    }

    private Principal principal(User user) {
        return Principal.ofUser(user, expand, clock.instant().plus(REMEMBER), "basic");
    }

    private byte[] hmac(String pair) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(cacheKey);
            return mac.doFinal(pair.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
