package io.taskgate.bench;

import io.taskgate.server.oauth.SigningKey;
import io.taskgate.server.oauth.SigningKeyStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link SigningKeyStore} in memory, so that the JWT benchmarks measure signing and verifying
 * and no database. Same contract as the JDBC store: one active key, retired keys published until
 * their time is up.
 */
final class InMemorySigningKeyStore implements SigningKeyStore {

    private final List<SigningKey> keys = new ArrayList<>();

    @Override
    public synchronized List<SigningKey> all() {
        return List.copyOf(keys);
    }

    @Override
    public synchronized boolean rotate(String expectedActive, SigningKey next, Instant publishUntil) {
        Optional<SigningKey> active = keys.stream().filter(SigningKey::active).findFirst();
        if (!Objects.equals(active.map(SigningKey::kid).orElse(null), expectedActive)) {
            return false;
        }
        active.ifPresent(a -> keys.set(keys.indexOf(a), new SigningKey(a.privateJwk(), a.created(), Optional.of(publishUntil))));
        keys.add(next);
        return true;
    }

    @Override
    public synchronized int prune(Instant now) {
        int before = keys.size();
        keys.removeIf(k -> k.publishUntil().filter(now::isAfter).isPresent());
        return before - keys.size();
    }
}
