package io.taskgate.server.oauth;

import io.taskgate.scopes.Json;
import io.taskgate.server.login.LoginIdentity;
import io.taskgate.server.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@link AuthorizationCodeStore} over JDBC. */
public final class JdbcAuthorizationCodeStore implements AuthorizationCodeStore {

    private final Database db;

    public JdbcAuthorizationCodeStore(Database db) {
        this.db = db;
    }

    @Override
    public void save(String codeHash, AuthorizationCode code, Instant forgetBefore) {
        db.transaction(c -> {
            // Pruning here keeps the table small without a job of its own: codes are few and short-lived.
            try (PreparedStatement p = c.prepareStatement("DELETE FROM oauth_codes WHERE expires < ?")) {
                p.setLong(1, forgetBefore.toEpochMilli());
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO oauth_codes (code_hash, app_id, redirect_uri, code_challenge,"
                    + " provider, name, groups, scopes, expires) VALUES (?,?,?,?,?,?,?,?,?)")) {
                p.setString(1, codeHash);
                p.setString(2, code.appId());
                p.setString(3, code.redirectUri());
                p.setString(4, code.codeChallenge());
                p.setString(5, code.identity().provider());
                p.setString(6, code.identity().name());
                p.setString(7, Json.write(code.identity().groups()));
                p.setString(8, Json.write(code.scopes()));
                p.setLong(9, code.expires().toEpochMilli());
                return p.executeUpdate();
            }
        });
    }

    @Override
    public Redemption redeem(String codeHash, Instant now) {
        return db.transaction(c -> {
            int claimed;
            try (PreparedStatement p = c.prepareStatement("UPDATE oauth_codes SET used = ? WHERE code_hash = ? AND used IS NULL")) {
                p.setLong(1, now.toEpochMilli());
                p.setString(2, codeHash);
                claimed = p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement("SELECT app_id, redirect_uri, code_challenge, provider, name, groups, scopes,"
                    + " expires, issued_client FROM oauth_codes WHERE code_hash = ?")) {
                p.setString(1, codeHash);
                try (ResultSet r = p.executeQuery()) {
                    if (!r.next()) {
                        return new Unknown();
                    }
                    if (claimed == 0) {
                        return new Replayed(r.getString(1), Optional.ofNullable(r.getString(9)));
                    }
                    LoginIdentity who = new LoginIdentity(r.getString(4), r.getString(5), strings(r.getString(6)));
                    return new First(new AuthorizationCode(r.getString(1), r.getString(2), r.getString(3), who, strings(r.getString(7)),
                            Instant.ofEpochMilli(r.getLong(8))));
                }
            }
        });
    }

    @Override
    public void issued(String codeHash, String clientId) {
        db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE oauth_codes SET issued_client = ? WHERE code_hash = ?")) {
                p.setString(1, clientId);
                p.setString(2, codeHash);
                return p.executeUpdate();
            }
        });
    }

    private static List<String> strings(String json) {
        return ((List<?>) Json.parse(json)).stream().map(String.class::cast).toList();
    }
}
