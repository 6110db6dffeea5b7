package io.taskgate.server.oauth;

import io.taskgate.server.login.LoginIdentity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * Mints and redeems authorization codes. A code is 256 random bits, shown once in the redirect and
 * kept only as its SHA-256, so the store never holds one that works; it lasts {@link #LIFETIME}
 * and is good for one redemption (RFC 6749 §4.1.2 and §10.5).
 */
public final class AuthorizationCodes {

    /** How long a code may wait to be redeemed: enough for one redirect and one back-channel request. */
    public static final Duration LIFETIME = Duration.ofSeconds(60);
    /** How long a code is remembered after it expires, so that a late replay still revokes what it made. */
    static final Duration MEMORY = Duration.ofDays(1);

    private final AuthorizationCodeStore store;
    private final Clock clock;
    private final SecureRandom random;

    public AuthorizationCodes(AuthorizationCodeStore store, Clock clock, SecureRandom random) {
        this.store = store;
        this.clock = clock;
        this.random = random;
    }

    /** A new code for what {@code who} allowed {@code request}'s app: {@code scopes}. */
    public String issue(AuthorizeRequest request, LoginIdentity who, List<String> scopes) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String code = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        var now = clock.instant();
        store.save(hash(code), new AuthorizationCode(request.app().clientId(), request.redirectUri(), request.codeChallenge(), who, scopes,
                now.plus(LIFETIME)), now.minus(MEMORY));
        return code;
    }

    /** Redeems {@code code}: only the first caller gets what it stands for, expired or not (the caller judges that). */
    public AuthorizationCodeStore.Redemption redeem(String code) {
        return store.redeem(hash(code), clock.instant());
    }

    /** Notes the client made from {@code code}. */
    public void issued(String code, String clientId) {
        store.issued(hash(code), clientId);
    }

    private static String hash(String code) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(code.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
