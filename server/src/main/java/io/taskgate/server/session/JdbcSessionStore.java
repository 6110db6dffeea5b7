package io.taskgate.server.session;

import io.taskgate.scopes.Json;
import io.taskgate.server.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;

/** {@link SessionStore} over JDBC. */
public final class JdbcSessionStore implements SessionStore {

    private final Database db;

    public JdbcSessionStore(Database db) {
        this.db = db;
    }

    @Override
    public void create(Session s) {
        db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO sessions (id_hash, username, csrf_hash, created, last_seen, expires, provider, groups) VALUES (?,?,?,?,?,?,?,?)")) {
                p.setString(1, s.idHash());
                p.setString(2, s.username());
                p.setString(3, s.csrfHash());
                p.setLong(4, s.created().toEpochMilli());
                p.setLong(5, s.lastSeen().toEpochMilli());
                p.setLong(6, s.expires().toEpochMilli());
                p.setString(7, s.provider());
                p.setString(8, Json.write(s.groups()));
                return p.executeUpdate();
            }
        });
    }

    @Override
    public Optional<Session> get(String idHash) {
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT id_hash, username, csrf_hash, created, last_seen, expires, provider, groups FROM sessions WHERE id_hash = ?")) {
                p.setString(1, idHash);
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? Optional.of(new Session(r.getString(1), r.getString(2), r.getString(3),
                            Instant.ofEpochMilli(r.getLong(4)), Instant.ofEpochMilli(r.getLong(5)), Instant.ofEpochMilli(r.getLong(6)),
                            r.getString(7), groups(r.getString(8))))
                            : Optional.empty();
                }
            }
        });
    }

    @Override
    public void touch(String idHash, Instant lastSeen) {
        db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE sessions SET last_seen = ? WHERE id_hash = ?")) {
                p.setLong(1, lastSeen.toEpochMilli());
                p.setString(2, idHash);
                return p.executeUpdate();
            }
        });
    }

    @Override
    public void delete(String idHash) {
        db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM sessions WHERE id_hash = ?")) {
                p.setString(1, idHash);
                return p.executeUpdate();
            }
        });
    }

    @Override
    public int deleteAllOf(String username) {
        return db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM sessions WHERE username = ? AND provider = 'local'")) {
                p.setString(1, username);
                return p.executeUpdate();
            }
        });
    }

    @Override
    public int deleteExpired(Instant now, Instant idleBefore) {
        return db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM sessions WHERE expires <= ? OR last_seen < ?")) {
                p.setLong(1, now.toEpochMilli());
                p.setLong(2, idleBefore.toEpochMilli());
                return p.executeUpdate();
            }
        });
    }

    private static java.util.List<String> groups(String json) {
        return ((java.util.List<?>) Json.parse(json)).stream().map(String.class::cast).toList();
    }
}
