package io.taskgate.server.identity;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Password hashing with Argon2id at OWASP's recommended parameters (19 MiB, 2 passes, 1 lane),
 * through password4j. Each hash or check takes that much memory and tens of milliseconds, so at
 * most {@link #CONCURRENT} run at once; the rest wait their turn rather than exhaust the heap, and
 * after {@link #WAIT} give up with {@link Busy}.
 */
public final class Passwords {

    /** Argon2id memory in KiB, passes and lanes: OWASP's first recommended configuration. */
    static final int MEMORY_KIB = 19_456;
    static final int ITERATIONS = 2;
    static final int PARALLELISM = 1;
    /** How many hashes may be computed at the same time. */
    static final int CONCURRENT = 2;
    /** The shortest and longest passwords accepted when one is set. */
    public static final int MIN_LENGTH = 8;
    public static final int MAX_LENGTH = 1024;

    private static final Argon2Function ARGON2 = Argon2Function.getInstance(MEMORY_KIB, ITERATIONS, PARALLELISM, 32, Argon2.ID, 19);

    /** How long a hash waits for a slot before the server says it is busy. */
    static final Duration WAIT = Duration.ofSeconds(10);

    /** Every slot stayed taken for {@link #WAIT}: the caller should answer 503 and let the client retry. */
    public static final class Busy extends RuntimeException {
        Busy() {
            super("Too many password checks at once; try again shortly", null, false, false);
        }
    }

    private final Semaphore slots;
    private final Duration wait;

    public Passwords() {
        this(CONCURRENT, WAIT);
    }

    Passwords(int concurrent, Duration wait) {
        this.slots = new Semaphore(concurrent, true);
        this.wait = wait;
    }

    /** The Argon2id hash of {@code password}, in PHC string form, with a fresh salt. @throws Busy */
    public String hash(String password) {
        acquire();
        try {
            return Password.hash(password).addRandomSalt(16).with(ARGON2).getResult();
        } finally {
            slots.release();
        }
    }

    /** True when {@code password} matches {@code hash} (compared in constant time by password4j). @throws Busy */
    public boolean verify(String password, String hash) {
        acquire();
        try {
            return Password.check(password, hash).with(Argon2Function.getInstanceFromHash(hash));
        } catch (RuntimeException malformedHash) {
            return false;
        } finally {
            slots.release();
        }
    }

    private void acquire() {
        try {
            if (!slots.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new Busy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Busy();
        }
    }
}
