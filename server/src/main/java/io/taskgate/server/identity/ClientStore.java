package io.taskgate.server.identity;

import io.taskgate.server.store.Page;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where clients live. Every change is written together with its audit entry, or not at all. */
public interface ClientStore {

    Optional<Client> get(String clientId);

    /** Every client, for the in-memory cache that serves requests. */
    List<Client> all();

    /** Clients whose id starts with {@code prefix}, in id order, a page at a time. */
    Page<Client> list(String prefix, Optional<String> continuationToken, int limit);

    /** @throws io.taskgate.server.store.Database.Conflict if the clientId is taken */
    void create(Client client, Audit audit);

    /** Replaces the stored client with the same id; false if there is none. */
    boolean update(Client client, Audit audit);

    /** False if there was no such client. */
    boolean delete(String clientId, Audit audit);

    /** Records use without an audit entry (callers write this at most every 6 hours per client). */
    void recordUse(String clientId, Instant when);
}
