package io.taskgate.server.identity;

import io.taskgate.server.store.Database;
import io.taskgate.server.store.Page;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link AuditStore} over JDBC, and the insert that the other stores call inside their transactions. */
public final class JdbcAuditStore implements AuditStore {

    private final Database db;

    public JdbcAuditStore(Database db) {
        this.db = db;
    }

    /** Writes one entry within the caller's transaction. */
    static void insert(Connection c, Audit audit) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO audit (entity_type, entity_id, client_id, action, at) VALUES (?,?,?,?,?)")) {
            s.setString(1, audit.entityType());
            s.setString(2, audit.entityId());
            s.setString(3, audit.clientId());
            s.setString(4, audit.action());
            s.setLong(5, audit.at().toEpochMilli());
            s.executeUpdate();
        }
    }

    @Override
    public Page<Audit> history(String entityType, String entityId, Optional<String> continuationToken, int limit) {
        if (limit < 1 || limit > Page.MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + Page.MAX_LIMIT);
        }
        long after;
        try {
            after = continuationToken.map(t -> Long.parseLong(Page.keyOf(t))).orElse(0L);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("continuationToken is not one this server gave out");
        }
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT seq, entity_type, entity_id, client_id, action, at FROM audit"
                    + " WHERE entity_type = ? AND entity_id = ? AND seq > ? ORDER BY seq LIMIT ?")) {
                s.setString(1, entityType);
                s.setString(2, entityId);
                s.setLong(3, after);
                s.setInt(4, limit + 1);
                try (ResultSet r = s.executeQuery()) {
                    List<Audit> out = new ArrayList<>();
                    long lastSeq = 0;
                    boolean more = false;
                    while (r.next()) {
                        if (out.size() == limit) {
                            more = true;
                            break;
                        }
                        out.add(new Audit(r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                                Instant.ofEpochMilli(r.getLong(6))));
                        lastSeq = r.getLong(1);
                    }
                    return new Page<>(out, more ? Optional.of(Page.tokenAfter(Long.toString(lastSeq))) : Optional.empty());
                }
            }
        });
    }
}
