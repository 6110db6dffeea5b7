package io.taskgate.hawk;

/**
 * Decides whether a Hawk (id, ts, nonce) is used for the first time within the skew window.
 * Taskcluster does not check nonces; Taskgate refuses a replay. With many nodes, an implementation
 * backed by the shared store decides.
 */
public interface ReplayGuard {

    /** True the first time this triple is seen; false for a replay (or when it cannot be ruled out). */
    boolean firstUse(String id, long ts, String nonce);

    /** A guard that accepts everything, for callers that check nonces elsewhere. */
    ReplayGuard NONE = (id, ts, nonce) -> true;
}
