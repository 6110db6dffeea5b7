package io.taskgate.server.authn;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Slows down password guessing. Failures are counted three ways, each allowing some free failures
 * and then a wait that doubles with every further failure, up to a cap:
 * <ul>
 *   <li>per user and source address: 5 free, then up to 15 minutes: one source guessing one user;
 *   <li>per source address: 20 free, then up to 15 minutes: one source guessing many users;
 *   <li>per user: 20 free, then at most 10 seconds: many sources guessing one user, capped low so
 *       that nobody can lock a real user out for long; an address the user signed in from in the
 *       last 15 minutes is not held up by it at all.
 * </ul>
 * A success clears the counts of that user from that address. Counts are forgotten after 15 quiet
 * minutes, and at most {@link #MAX_TRACKED} keys are kept.
 */
public final class LoginThrottle {

    static final int MAX_TRACKED = 100_000;
    private static final Duration FORGET_AFTER = Duration.ofMinutes(15);

    private record Rule(String prefix, int free, Duration cap) {}

    private static final Rule PAIR = new Rule("p:", 5, Duration.ofMinutes(15));
    private static final Rule SOURCE = new Rule("s:", 20, Duration.ofMinutes(15));
    private static final Rule USER = new Rule("u:", 20, Duration.ofSeconds(10));

    private record Failures(int count, Instant blockedUntil, Instant last) {}

    private final Clock clock;
    /** Users and addresses that signed in lately: a guesser elsewhere cannot hold them up. */
    private final Cache<String, Boolean> trusted = Caffeine.newBuilder().maximumSize(MAX_TRACKED).expireAfterWrite(FORGET_AFTER).build();
    private final Cache<String, Failures> failures = Caffeine.newBuilder().maximumSize(MAX_TRACKED)
            .expireAfterAccess(FORGET_AFTER).build();

    public LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long this user must wait before trying again from this address; empty when they may try now. */
    public Optional<Duration> wait(String user, String source) {
        Instant now = clock.instant();
        Duration longest = Duration.ZERO;
        boolean knownGood = trusted.getIfPresent(user + "\n" + source) != null;
        for (String key : knownGood ? new String[] {PAIR.prefix() + user + "\n" + source, SOURCE.prefix() + source}
                : new String[] {PAIR.prefix() + user + "\n" + source, SOURCE.prefix() + source, USER.prefix() + user}) {
            Failures f = failures.getIfPresent(key);
            if (f != null && f.blockedUntil().isAfter(now)) {
                Duration left = Duration.between(now, f.blockedUntil());
                longest = left.compareTo(longest) > 0 ? left : longest;
            }
        }
        return longest.isZero() ? Optional.empty() : Optional.of(longest);
    }

    /** Counts a failed attempt. */
    public void failed(String user, String source) {
        Instant now = clock.instant();
        count(PAIR, PAIR.prefix() + user + "\n" + source, now);
        count(SOURCE, SOURCE.prefix() + source, now);
        count(USER, USER.prefix() + user, now);
    }

    /**
     * Clears the failures of this user from this address, and for 15 minutes lets this user sign in
     * from it whatever the per-user count says.
     */
    public void succeeded(String user, String source) {
        failures.invalidate(PAIR.prefix() + user + "\n" + source);
        trusted.put(user + "\n" + source, Boolean.TRUE);
    }

    private void count(Rule rule, String key, Instant now) {
        failures.asMap().compute(key, (k, f) -> {
            int count = f == null || f.last().plus(FORGET_AFTER).isBefore(now) ? 1 : f.count() + 1;
            Instant blockedUntil = count <= rule.free() ? Instant.EPOCH : now.plus(backoff(count - rule.free(), rule.cap()));
            return new Failures(count, blockedUntil, now);
        });
    }

    /** 1 s after the first failure over the free ones, doubling, up to the cap. */
    private static Duration backoff(int over, Duration cap) {
        Duration wait = Duration.ofSeconds(1L << Math.min(over - 1, 20));
        return wait.compareTo(cap) > 0 ? cap : wait;
    }
}
