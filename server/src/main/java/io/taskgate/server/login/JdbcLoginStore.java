package io.taskgate.server.login;

import io.taskgate.scopes.Json;
import io.taskgate.server.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@link LoginStore} over JDBC. */
public final class JdbcLoginStore implements LoginStore {

    private final Database db;

    public JdbcLoginStore(Database db) {
        this.db = db;
    }

    @Override
    public void signedIn(LoginIdentity identity, Instant when) {
        db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO login_identities (identity, provider, name, groups, last_login) "
                    + "VALUES (?,?,?,?,?) ON CONFLICT (identity) DO UPDATE SET groups = excluded.groups, last_login = excluded.last_login")) {
                p.setString(1, identity.identity());
                p.setString(2, identity.provider());
                p.setString(3, identity.name());
                p.setString(4, Json.write(identity.groups()));
                p.setLong(5, when.toEpochMilli());
                return p.executeUpdate();
            }
        });
    }

    @Override
    public Optional<LoginIdentity> lastKnown(String identity) {
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT provider, name, groups FROM login_identities WHERE identity = ?")) {
                p.setString(1, identity);
                try (ResultSet r = p.executeQuery()) {
                    if (!r.next()) {
                        return Optional.empty();
                    }
                    List<String> groups = ((List<?>) Json.parse(r.getString(3))).stream().map(String.class::cast).toList();
                    return Optional.of(new LoginIdentity(r.getString(1), r.getString(2), groups));
                }
            }
        });
    }

    @Override
    public boolean approved(String identity, String host) {
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM login_approved_hosts WHERE identity = ? AND host = ?")) {
                p.setString(1, identity);
                p.setString(2, host);
                try (ResultSet r = p.executeQuery()) {
                    return r.next();
                }
            }
        });
    }

    @Override
    public void approve(String identity, String host, Instant when) {
        db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO login_approved_hosts (identity, host, approved) VALUES (?,?,?) ON CONFLICT DO NOTHING")) {
                p.setString(1, identity);
                p.setString(2, host);
                p.setLong(3, when.toEpochMilli());
                return p.executeUpdate();
            }
        });
    }
}
