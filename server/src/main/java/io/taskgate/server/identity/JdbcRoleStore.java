package io.taskgate.server.identity;

import io.taskgate.scopes.Json;
import io.taskgate.server.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link RoleStore} over JDBC. */
public final class JdbcRoleStore implements RoleStore {

    private static final String COLUMNS = "role_id, description, scopes, created, last_modified";

    private final Database db;

    public JdbcRoleStore(Database db) {
        this.db = db;
    }

    @Override
    public Optional<StoredRole> get(String roleId) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM roles WHERE role_id = ?")) {
                s.setString(1, roleId);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(row(r)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<StoredRole> all() {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM roles ORDER BY role_id");
                    ResultSet r = s.executeQuery()) {
                List<StoredRole> out = new ArrayList<>();
                while (r.next()) {
                    out.add(row(r));
                }
                return out;
            }
        });
    }

    @Override
    public void create(StoredRole role, Audit audit) {
        db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO roles (" + COLUMNS + ") VALUES (?,?,?,?,?)")) {
                s.setString(1, role.roleId());
                s.setString(2, role.description());
                s.setString(3, Json.write(role.scopes()));
                s.setLong(4, role.created().toEpochMilli());
                s.setLong(5, role.lastModified().toEpochMilli());
                s.executeUpdate();
            }
            JdbcAuditStore.insert(c, audit);
            return null;
        });
    }

    @Override
    public boolean update(StoredRole role, Audit audit) {
        return db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE roles SET description = ?, scopes = ?, created = ?, last_modified = ? WHERE role_id = ?")) {
                s.setString(1, role.description());
                s.setString(2, Json.write(role.scopes()));
                s.setLong(3, role.created().toEpochMilli());
                s.setLong(4, role.lastModified().toEpochMilli());
                s.setString(5, role.roleId());
                if (s.executeUpdate() == 0) {
                    return false;
                }
            }
            JdbcAuditStore.insert(c, audit);
            return true;
        });
    }

    @Override
    public boolean delete(String roleId, Audit audit) {
        return db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM roles WHERE role_id = ?")) {
                s.setString(1, roleId);
                if (s.executeUpdate() == 0) {
                    return false;
                }
            }
            JdbcAuditStore.insert(c, audit);
            return true;
        });
    }

    private static StoredRole row(ResultSet r) throws SQLException {
        return new StoredRole(r.getString("role_id"), scopes(r.getString("scopes")), r.getString("description"),
                Instant.ofEpochMilli(r.getLong("created")), Instant.ofEpochMilli(r.getLong("last_modified")));
    }

    /** Reads a JSON array of scopes as stored. */
    static List<String> scopes(String json) {
        List<String> out = new ArrayList<>();
        for (Object o : (List<?>) Json.parse(json)) {
            out.add((String) o);
        }
        return out;
    }
}
