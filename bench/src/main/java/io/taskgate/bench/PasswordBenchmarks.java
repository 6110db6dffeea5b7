package io.taskgate.bench;

import io.taskgate.server.identity.Passwords;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One Argon2id password check ({@link Passwords#verify}), as {@code BasicAuthenticator} does for a
 * user's password it has not remembered: the cost of a cold HTTP Basic request, and of each guess.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PasswordBenchmarks {

    private static final String PASSWORD = "correct horse battery staple";

    /** A password and its hash, made as the server makes them when a user is created. */
    @State(Scope.Benchmark)
    public static class Hashed {
        Passwords passwords;
        String hash;

        @Setup
        public void hash() {
            passwords = new Passwords();
            hash = passwords.hash(PASSWORD);
            if (!passwords.verify(PASSWORD, hash)) {
                throw new IllegalStateException("the password does not match its own hash"); // rather than timing a rejection
            }
        }
    }

    @Benchmark
    public boolean verifyArgon2idPassword(Hashed h) {
        return h.passwords.verify(PASSWORD, h.hash);
    }
}
