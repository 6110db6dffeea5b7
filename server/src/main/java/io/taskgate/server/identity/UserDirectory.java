package io.taskgate.server.identity;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Users in memory, so that a request reads nothing from the store: one immutable snapshot, swapped
 * whole when a user changes.
 */
public final class UserDirectory {

    private final UserStore store;
    private volatile Map<String, User> users;

    public UserDirectory(UserStore store) {
        this.store = store;
        reload();
    }

    /** Rereads every user from the store. */
    public synchronized void reload() {
        Map<String, User> byName = new HashMap<>();
        for (User user : store.all()) {
            byName.put(user.username(), user);
        }
        users = Map.copyOf(byName);
    }

    public Optional<User> get(String username) {
        return Optional.ofNullable(users.get(username));
    }
}
