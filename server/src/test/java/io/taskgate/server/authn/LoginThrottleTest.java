package io.taskgate.server.authn;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskgate.hawk.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Guessing slows down per user and source, per source, and per user, and nobody is locked out for long. */
class LoginThrottleTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(clock);

    private void fail(String user, String source, int times) {
        for (int i = 0; i < times; i++) {
            throttle.failed(user, source);
        }
    }

    @Test
    void fiveFailuresAreFree_thenTheWaitDoubles_andEnds() {
        fail("ada", "10.0.0.1", 5);
        assertThat(throttle.wait("ada", "10.0.0.1")).isEmpty();
        fail("ada", "10.0.0.1", 1);
        assertThat(throttle.wait("ada", "10.0.0.1")).contains(Duration.ofSeconds(1));
        fail("ada", "10.0.0.1", 1);
        assertThat(throttle.wait("ada", "10.0.0.1")).contains(Duration.ofSeconds(2));
        fail("ada", "10.0.0.1", 1);
        assertThat(throttle.wait("ada", "10.0.0.1")).contains(Duration.ofSeconds(4));
        clock.advance(Duration.ofSeconds(4));
        assertThat(throttle.wait("ada", "10.0.0.1")).isEmpty();
        // Another source, and another user from this source, are not held up by this pair.
        assertThat(throttle.wait("ada", "10.0.0.2")).isEmpty();
        assertThat(throttle.wait("bob", "10.0.0.1")).isEmpty();
    }

    @Test
    void theWaitForOnePairIsCappedAtFifteenMinutes() {
        fail("ada", "10.0.0.1", 40);
        assertThat(throttle.wait("ada", "10.0.0.1")).contains(Duration.ofMinutes(15));
    }

    @Test
    void aSuccess_clearsThePair() {
        fail("ada", "10.0.0.1", 6);
        clock.advance(Duration.ofSeconds(1));
        throttle.succeeded("ada", "10.0.0.1");
        fail("ada", "10.0.0.1", 1);
        assertThat(throttle.wait("ada", "10.0.0.1")).isEmpty();
    }

    @Test
    void manySourcesGuessingOneUser_holdItUpForAtMostTenSeconds() {
        for (int i = 0; i < 200; i++) {
            throttle.failed("ada", "10.0.1." + i);
        }
        assertThat(throttle.wait("ada", "192.168.0.9")).contains(Duration.ofSeconds(10)); // the real user, from elsewhere
        clock.advance(Duration.ofSeconds(10));
        assertThat(throttle.wait("ada", "192.168.0.9")).isEmpty();
    }

    @Test
    void anAddressTheUserSignedInFrom_isNotHeldUpByGuessesElsewhere() {
        throttle.succeeded("ada", "192.168.0.9");
        for (int i = 0; i < 200; i++) {
            throttle.failed("ada", "10.0.1." + i);
        }
        assertThat(throttle.wait("ada", "192.168.0.9")).isEmpty();
        assertThat(throttle.wait("ada", "192.168.0.10")).contains(Duration.ofSeconds(10));
    }

    @Test
    void oneSourceGuessingManyUsers_isHeldUpForAllOfThem() {
        for (int i = 0; i < 21; i++) {
            throttle.failed("user" + i, "10.0.0.66");
        }
        assertThat(throttle.wait("someone-else", "10.0.0.66")).contains(Duration.ofSeconds(1));
        assertThat(throttle.wait("someone-else", "10.0.0.67")).isEmpty();
    }

    @Test
    void failuresAreForgotten_afterFifteenQuietMinutes() {
        fail("ada", "10.0.0.1", 5);
        clock.advance(Duration.ofMinutes(15).plusSeconds(1));
        fail("ada", "10.0.0.1", 1);
        assertThat(throttle.wait("ada", "10.0.0.1")).isEmpty();
    }
}
