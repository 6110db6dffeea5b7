package io.taskgate.server.identity;

import io.taskgate.server.store.Page;
import java.util.List;
import java.util.Optional;

/** Where users live. Every change is written together with its audit entry, or not at all. */
public interface UserStore {

    Optional<User> get(String username);

    /** Every user, for the in-memory cache that serves requests. */
    List<User> all();

    /** Users whose name starts with {@code prefix}, in name order, a page at a time. */
    Page<User> list(String prefix, Optional<String> continuationToken, int limit);

    /** @throws io.taskgate.server.store.Database.Conflict if the username is taken */
    void create(User user, Audit audit);

    /** Replaces the stored user with the same name; false if there is none. */
    boolean update(User user, Audit audit);

    /** False if there was no such user. */
    boolean delete(String username, Audit audit);
}
