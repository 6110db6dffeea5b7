package io.taskgate.server.identity;

import io.taskgate.scopes.Json;
import io.taskgate.server.store.Database;
import io.taskgate.server.store.Keyset;
import io.taskgate.server.store.Page;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link UserStore} over JDBC. Passwords reach SQL only as Argon2id hashes. */
public final class JdbcUserStore implements UserStore {

    private static final String COLUMNS = "username, display_name, groups_json, enabled, password_hash, created, last_modified,"
            + " password_changed";

    private final Database db;

    public JdbcUserStore(Database db) {
        this.db = db;
    }

    @Override
    public Optional<User> get(String username) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM users WHERE username = ?")) {
                s.setString(1, username);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(row(r)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<User> all() {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM users ORDER BY username");
                    ResultSet r = s.executeQuery()) {
                List<User> out = new ArrayList<>();
                while (r.next()) {
                    out.add(row(r));
                }
                return out;
            }
        });
    }

    @Override
    public Page<User> list(String prefix, Optional<String> continuationToken, int limit) {
        return Keyset.page(db, "users", COLUMNS, "username", prefix, continuationToken, limit, this::row, User::username);
    }

    @Override
    public void create(User user, Audit audit) {
        db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO users (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?)")) {
                bind(s, user);
                s.executeUpdate();
            }
            JdbcAuditStore.insert(c, audit);
            return null;
        });
    }

    @Override
    public boolean update(User user, Audit audit) {
        return db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE users SET username = ?, display_name = ?, groups_json = ?,"
                    + " enabled = ?, password_hash = ?, created = ?, last_modified = ?, password_changed = ? WHERE username = ?")) {
                bind(s, user);
                s.setString(9, user.username());
                if (s.executeUpdate() == 0) {
                    return false;
                }
            }
            JdbcAuditStore.insert(c, audit);
            return true;
        });
    }

    @Override
    public boolean delete(String username, Audit audit) {
        return db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM users WHERE username = ?")) {
                s.setString(1, username);
                if (s.executeUpdate() == 0) {
                    return false;
                }
            }
            JdbcAuditStore.insert(c, audit);
            return true;
        });
    }

    private static void bind(PreparedStatement s, User user) throws SQLException {
        s.setString(1, user.username());
        s.setString(2, user.displayName());
        s.setString(3, Json.write(user.groups()));
        s.setInt(4, user.enabled() ? 1 : 0);
        s.setString(5, user.passwordHash().orElse(null));
        s.setLong(6, user.created().toEpochMilli());
        s.setLong(7, user.lastModified().toEpochMilli());
        s.setLong(8, user.passwordChanged().toEpochMilli());
    }

    private User row(ResultSet r) throws SQLException {
        return new User(r.getString("username"), r.getString("display_name"), JdbcRoleStore.scopes(r.getString("groups_json")),
                r.getInt("enabled") != 0, Optional.ofNullable(r.getString("password_hash")), Instant.ofEpochMilli(r.getLong("created")),
                Instant.ofEpochMilli(r.getLong("last_modified")), Instant.ofEpochMilli(r.getLong("password_changed")));
    }
}
