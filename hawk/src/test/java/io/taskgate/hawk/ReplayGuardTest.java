package io.taskgate.hawk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Replays are refused within the window, and memory stays bounded without letting a replay through. */
class ReplayGuardTest {

    private final MutableClock clock = new MutableClock(Instant.ofEpochSecond(1_000_000));

    @Test
    void sameTriple_isRefusedTheSecondTime() {
        InMemoryReplayGuard guard = new InMemoryReplayGuard(clock, Duration.ofMinutes(15), 100);
        assertThat(guard.firstUse("c", 1_000_000, "n1")).isTrue();
        assertThat(guard.firstUse("c", 1_000_000, "n1")).isFalse();
        assertThat(guard.firstUse("c", 1_000_000, "n2")).isTrue();
        assertThat(guard.firstUse("other", 1_000_000, "n1")).isTrue();
        assertThat(guard.firstUse("c", 1_000_001, "n1")).isTrue();
    }

    @Test
    void manyNoncesInOneSecond_areCountedOnce_andStillRefusedOnReplay() {
        InMemoryReplayGuard guard = new InMemoryReplayGuard(clock, Duration.ofMinutes(15), 100_000);
        for (int i = 0; i < 5000; i++) {
            assertThat(guard.firstUse("c", 1_000_000, "n" + i)).isTrue();
        }
        assertThat(guard.size()).isEqualTo(5000);
        for (int i = 0; i < 5000; i += 7) {
            assertThat(guard.firstUse("c", 1_000_000, "n" + i)).isFalse();
        }
        assertThat(guard.size()).isEqualTo(5000);
    }

    @Test
    void entriesOutsideTheWindow_areForgotten() {
        InMemoryReplayGuard guard = new InMemoryReplayGuard(clock, Duration.ofMinutes(15), 100);
        guard.firstUse("c", 1_000_000, "n1");
        assertThat(guard.size()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(15).plusSeconds(1));
        guard.firstUse("c", 1_000_901, "n2");
        assertThat(guard.size()).isEqualTo(1);
    }

    @Test
    void whenFull_theOldestSecondIsDropped_andItsTimestampsRefused() {
        InMemoryReplayGuard guard = new InMemoryReplayGuard(clock, Duration.ofMinutes(15), 3);
        assertThat(guard.firstUse("c", 999_990, "a")).isTrue();
        assertThat(guard.firstUse("c", 999_995, "b")).isTrue();
        assertThat(guard.firstUse("c", 1_000_000, "c")).isTrue();
        assertThat(guard.firstUse("c", 1_000_000, "d")).isTrue(); // over the bound: second 999_990 is dropped
        assertThat(guard.size()).isEqualTo(3);
        assertThat(guard.firstUse("c", 999_990, "a")).as("a replay of a forgotten triple").isFalse();
        assertThat(guard.firstUse("c", 999_990, "fresh")).as("its whole second is refused").isFalse();
        assertThat(guard.firstUse("c", 999_995, "b")).isFalse();
        assertThat(guard.firstUse("c", 1_000_001, "e")).isTrue();
    }
}
