package io.taskgate.hawk;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link ReplayGuard} for one node, with bounded memory. Each (id, nonce) is kept as a 64-bit
 * SipHash under a random key (8 bytes, where the strings would take a hundred), in a set per
 * timestamp; a set is dropped once its timestamp is outside the skew window (the timestamp check
 * refuses those requests anyway). If more than {@code maxEntries} are inside the window, the oldest
 * set is dropped and every timestamp at or before it is refused from then on: under a flood the
 * window narrows, but a replay is never let through. With a secret key, a hash collision (which
 * would refuse a fresh request, never accept a replay) cannot be made on purpose.
 */
public final class InMemoryReplayGuard implements ReplayGuard {

    private final Clock clock;
    private final long windowSeconds;
    private final int maxEntries;
    private final SipHash hash;
    private final TreeMap<Long, LongSet> byTimestamp = new TreeMap<>();
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
        SecureRandom random = new SecureRandom();
        this.hash = new SipHash(random.nextLong(), random.nextLong());
    }

    @Override
    public boolean firstUse(String id, long ts, String nonce) {
        long key = hash.hash(id + '\n' + nonce);
        synchronized (this) {
            long oldest = clock.instant().getEpochSecond() - windowSeconds;
            while (!byTimestamp.isEmpty() && byTimestamp.firstKey() < oldest) {
                size -= byTimestamp.pollFirstEntry().getValue().size();
            }
            if (ts <= floor) {
                return false;
            }
            if (!byTimestamp.computeIfAbsent(ts, k -> new LongSet()).add(key)) {
                return false;
            }
            size++;
            while (size > maxEntries) {
                Map.Entry<Long, LongSet> dropped = byTimestamp.pollFirstEntry();
                size -= dropped.getValue().size();
                floor = Math.max(floor, dropped.getKey());
            }
            return true;
        }
    }

    /** How many triples are remembered now. */
    public synchronized int size() {
        return size;
    }

    /** An open-addressing set of longs; 0 marks an empty slot, so the value 0 is stored as a flag. */
    private static final class LongSet {
        private long[] slots = new long[16];
        private int count;
        private boolean hasZero;

        boolean add(long v) {
            if (v == 0) {
                boolean added = !hasZero;
                hasZero = true;
                count += added ? 1 : 0;
                return added;
            }
            if ((count + 1) * 2 > slots.length) {
                grow();
            }
            boolean added = insert(slots, v);
            count += added ? 1 : 0;
            return added;
        }

        private static boolean insert(long[] table, long v) {
            int mask = table.length - 1;
            for (int i = (int) (v ^ (v >>> 32)) & mask; ; i = (i + 1) & mask) {
                if (table[i] == 0) {
                    table[i] = v;
                    return true;
                }
                if (table[i] == v) {
                    return false;
                }
            }
        }

        private void grow() {
            long[] old = slots;
            slots = new long[old.length * 2];
            for (long v : old) {
                if (v != 0) {
                    insert(slots, v);
                }
            }
        }

        int size() {
            return count;
        }
    }
}
