package io.taskgate.hawk;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A {@link ReplayGuard} for one node, with bounded memory. Triples are kept in buckets by their
 * timestamp and dropped once the timestamp is outside the skew window (the timestamp check refuses
 * those anyway). If more than {@code maxEntries} triples are inside the window, the oldest bucket
 * is dropped and every timestamp at or before it is refused from then on: under a flood the window
 * narrows, but a replay is never let through.
 */
public final class InMemoryReplayGuard implements ReplayGuard {

    private final Clock clock;
    private final long windowSeconds;
    private final int maxEntries;
    private final TreeMap<Long, Set<String>> byTimestamp = new TreeMap<>();
    private int size;
    /** Timestamps at or below this were forgotten while still inside the window. */
    private long floor = Long.MIN_VALUE;

    public InMemoryReplayGuard(Clock clock, Duration window, int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1");
        }
        this.clock = clock;
        this.windowSeconds = window.toSeconds();
        this.maxEntries = maxEntries;
    }

    @Override
    public synchronized boolean firstUse(String id, long ts, String nonce) {
        long oldest = clock.instant().getEpochSecond() - windowSeconds;
        while (!byTimestamp.isEmpty() && byTimestamp.firstKey() < oldest) {
            size -= byTimestamp.pollFirstEntry().getValue().size();
        }
        if (ts <= floor) {
            return false;
        }
        if (!byTimestamp.computeIfAbsent(ts, k -> new HashSet<>()).add(id + '\n' + nonce)) {
            return false;
        }
        size++;
        while (size > maxEntries) {
            Map.Entry<Long, Set<String>> dropped = byTimestamp.pollFirstEntry();
            size -= dropped.getValue().size();
            floor = Math.max(floor, dropped.getKey());
        }
        return true;
    }

    /** How many triples are remembered now. */
    public synchronized int size() {
        return size;
    }
}
