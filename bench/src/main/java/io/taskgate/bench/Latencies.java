package io.taskgate.bench;

/**
 * Response times of one timed phase, counted per whole microsecond up to 100 ms (slower answers
 * share the last slot). One instance per connection, merged after the phase, so recording is an
 * array increment with no sharing between threads and no allocation while the load runs.
 */
final class Latencies {

    private static final int MAX_MICROS = 100_000;

    private final long[] counts = new long[MAX_MICROS + 1];
    private long total;

    void record(long nanos) {
        counts[(int) Math.min(MAX_MICROS, nanos / 1000)]++;
        total++;
    }

    void addAll(Latencies other) {
        for (int i = 0; i <= MAX_MICROS; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
    }

    /** The {@code p}th percentile in microseconds, rounded up to the slot's upper edge; 0 when nothing was recorded. */
    double percentileMicros(double p) {
        long rank = (long) Math.ceil(total * p / 100);
        long seen = 0;
        for (int i = 0; i <= MAX_MICROS; i++) {
            seen += counts[i];
            if (seen >= rank && seen > 0) {
                return i + 1;
            }
        }
        return 0;
    }
}
