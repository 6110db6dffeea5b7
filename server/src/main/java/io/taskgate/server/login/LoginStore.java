package io.taskgate.server.login;

import java.time.Instant;
import java.util.Optional;

/** What the login service remembers: who signed in with which groups, and the target hosts each person confirmed. */
public interface LoginStore {

    /** Records a sign-in, with the groups the source vouched for just now. */
    void signedIn(LoginIdentity identity, Instant when);

    /** The identity as its source last vouched for it at a sign-in, by identity string. */
    Optional<LoginIdentity> lastKnown(String identity);

    /** Whether {@code identity} has confirmed {@code host} before. */
    boolean approved(String identity, String host);

    /** Remembers that {@code identity} confirmed {@code host}. */
    void approve(String identity, String host, Instant when);
}
