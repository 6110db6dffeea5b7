package io.taskgate.server.identity;

import io.taskgate.server.store.Page;
import java.util.Optional;

/** The history of changes to clients and roles, newest last. The stores write it; this reads it. */
public interface AuditStore {

    Page<Audit> history(String entityType, String entityId, Optional<String> continuationToken, int limit);
}
