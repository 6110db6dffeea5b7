package io.taskgate.server.oauth;

import java.time.Instant;
import java.util.List;

/** Where the issuer's signing keys live, shared by every node that uses the same store. */
public interface SigningKeyStore {

    /** Every key still published, the active one included. */
    List<SigningKey> all();

    /**
     * Makes {@code next} the active key, provided {@code expectedActive} is still the active kid
     * (null: there is no key yet); retires that key, to stay published until {@code publishUntil}.
     * False, and nothing written, when another node got there first.
     */
    boolean rotate(String expectedActive, SigningKey next, Instant publishUntil);

    /** Deletes retired keys whose publication ended before {@code now}; returns how many. */
    int prune(Instant now);
}
