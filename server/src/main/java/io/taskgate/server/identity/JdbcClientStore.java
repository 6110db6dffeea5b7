package io.taskgate.server.identity;

import io.taskgate.scopes.Json;
import io.taskgate.server.store.Database;
import io.taskgate.server.store.Keyset;
import io.taskgate.server.store.Page;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link ClientStore} over JDBC. Access tokens are sealed with the master key before they reach SQL. */
public final class JdbcClientStore implements ClientStore {

    private static final String COLUMNS = "client_id, description, access_token, scopes, expires, created, last_modified,"
            + " last_date_used, last_rotated, delete_on_expiration, disabled";

    private final Database db;
    private final SecretBox box;

    public JdbcClientStore(Database db, SecretBox box) {
        this.db = db;
        this.box = box;
    }

    @Override
    public Optional<Client> get(String clientId) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM clients WHERE client_id = ?")) {
                s.setString(1, clientId);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(row(r)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<Client> all() {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM clients ORDER BY client_id");
                    ResultSet r = s.executeQuery()) {
                List<Client> out = new ArrayList<>();
                while (r.next()) {
                    out.add(row(r));
                }
                return out;
            }
        });
    }

    @Override
    public Page<Client> list(String prefix, Optional<String> continuationToken, int limit) {
        return Keyset.page(db, "clients", COLUMNS, "client_id", prefix, continuationToken, limit, this::row, Client::clientId);
    }

    @Override
    public void create(Client client, Audit audit) {
        db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO clients (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?)")) {
                bind(s, client);
                s.executeUpdate();
            }
            JdbcAuditStore.insert(c, audit);
            return null;
        });
    }

    @Override
    public boolean update(Client client, Audit audit) {
        return db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE clients SET client_id = ?, description = ?, access_token = ?,"
                    + " scopes = ?, expires = ?, created = ?, last_modified = ?, last_date_used = ?, last_rotated = ?,"
                    + " delete_on_expiration = ?, disabled = ? WHERE client_id = ?")) {
                bind(s, client);
                s.setString(12, client.clientId());
                if (s.executeUpdate() == 0) {
                    return false;
                }
            }
            JdbcAuditStore.insert(c, audit);
            return true;
        });
    }

    @Override
    public boolean delete(String clientId, Audit audit) {
        return db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM clients WHERE client_id = ?")) {
                s.setString(1, clientId);
                if (s.executeUpdate() == 0) {
                    return false;
                }
            }
            JdbcAuditStore.insert(c, audit);
            return true;
        });
    }

    @Override
    public void recordUse(String clientId, Instant when) {
        db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE clients SET last_date_used = ? WHERE client_id = ?")) {
                s.setLong(1, when.toEpochMilli());
                s.setString(2, clientId);
                return s.executeUpdate();
            }
        });
    }

    private void bind(PreparedStatement s, Client client) throws SQLException {
        s.setString(1, client.clientId());
        s.setString(2, client.description());
        s.setBytes(3, box.seal(client.accessToken(), context(client.clientId())));
        s.setString(4, Json.write(client.scopes()));
        s.setLong(5, client.expires().toEpochMilli());
        s.setLong(6, client.created().toEpochMilli());
        s.setLong(7, client.lastModified().toEpochMilli());
        s.setLong(8, client.lastDateUsed().toEpochMilli());
        s.setLong(9, client.lastRotated().toEpochMilli());
        s.setInt(10, client.deleteOnExpiration() ? 1 : 0);
        s.setInt(11, client.disabled() ? 1 : 0);
    }

    private Client row(ResultSet r) throws SQLException {
        String id = r.getString("client_id");
        return new Client(id, r.getString("description"), box.open(r.getBytes("access_token"), context(id)),
                JdbcRoleStore.scopes(r.getString("scopes")), Instant.ofEpochMilli(r.getLong("expires")),
                Instant.ofEpochMilli(r.getLong("created")), Instant.ofEpochMilli(r.getLong("last_modified")),
                Instant.ofEpochMilli(r.getLong("last_date_used")), Instant.ofEpochMilli(r.getLong("last_rotated")),
                r.getInt("delete_on_expiration") != 0, r.getInt("disabled") != 0);
    }

    /** Binds a sealed token to its client, so that it cannot be moved to another row. */
    private static String context(String clientId) {
        return "client:" + clientId;
    }

    /** For tests that check what reaches the disk. */
    static byte[] rawToken(Connection c, String clientId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT access_token FROM clients WHERE client_id = ?")) {
            s.setString(1, clientId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getBytes(1) : null;
            }
        }
    }
}
