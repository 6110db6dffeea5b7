package io.taskgate.server.login;

import io.taskgate.hawk.Certificate;
import io.taskgate.server.identity.StaticClients;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Issues the Access Grant's credentials: temporary credentials named after the person's identity,
 * issued by {@code static/taskgate/login}, holding the identity's unexpanded scopes (roles expand
 * them at each use, so a role change reaches credentials already granted). They start
 * {@link #SKEW} in the past, so that a client whose clock is behind can use them at once.
 */
public final class LoginCredentials {

    /** How far in the past credentials start, for clock skew (Taskcluster's choice). */
    public static final Duration SKEW = Duration.ofMinutes(15);

    /** Credentials just issued, and when they expire. */
    public record Granted(String clientId, String accessToken, String certificate, Instant expires) {
        @Override
        public String toString() {
            return "Granted[" + clientId + ", expires=" + expires + ", secrets hidden]";
        }
    }

    private final Supplier<String> loginAccessToken;
    private final Clock clock;
    private final SecureRandom random;

    /** {@code loginAccessToken} gives {@code static/taskgate/login}'s current accessToken. */
    public LoginCredentials(Supplier<String> loginAccessToken, Clock clock, SecureRandom random) {
        this.loginAccessToken = loginAccessToken;
        this.clock = clock;
        this.random = random;
    }

    /** When credentials issued now with {@code lifetime} expire: never beyond 31 days after their start. */
    public Instant expiry(Duration lifetime) {
        Instant now = clock.instant();
        Instant latest = now.minus(SKEW).plus(Certificate.MAX_LIFETIME);
        Instant wanted = now.plus(lifetime);
        return wanted.isAfter(latest) ? latest : wanted;
    }

    /** Temporary credentials for {@code identity}, lasting {@code lifetime}. */
    public Granted issue(LoginIdentity identity, Duration lifetime) {
        Instant start = clock.instant().minus(SKEW);
        Instant expiry = expiry(lifetime);
        Certificate.Minted m = Certificate.mint(StaticClients.LOGIN, loginAccessToken.get(), Optional.of(identity.identity()),
                identity.scopes(), start, expiry, random);
        return new Granted(m.clientId(), m.accessToken(), m.certificate(), expiry);
    }
}
