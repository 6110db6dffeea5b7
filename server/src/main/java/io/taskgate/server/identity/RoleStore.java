package io.taskgate.server.identity;

import java.util.List;
import java.util.Optional;

/** Where roles live. Every change is written together with its audit entry, or not at all. */
public interface RoleStore {

    Optional<StoredRole> get(String roleId);

    /** Every role, in id order, for the resolver. */
    List<StoredRole> all();

    /** @throws io.taskgate.server.store.Database.Conflict if the roleId is taken */
    void create(StoredRole role, Audit audit);

    /** Replaces the stored role with the same id; false if there is none. */
    boolean update(StoredRole role, Audit audit);

    /** False if there was no such role. */
    boolean delete(String roleId, Audit audit);
}
