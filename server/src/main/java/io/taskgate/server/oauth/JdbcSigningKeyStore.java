package io.taskgate.server.oauth;

import com.nimbusds.jose.jwk.JWK;
import io.taskgate.server.identity.SecretBox;
import io.taskgate.server.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link SigningKeyStore} over JDBC; private keys are sealed with the master key, bound to their kid. */
public final class JdbcSigningKeyStore implements SigningKeyStore {

    private final Database db;
    private final SecretBox box;

    public JdbcSigningKeyStore(Database db, SecretBox box) {
        this.db = db;
        this.box = box;
    }

    @Override
    public List<SigningKey> all() {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT kid, private_jwk, created, publish_until FROM signing_keys ORDER BY created");
                    ResultSet r = s.executeQuery()) {
                List<SigningKey> out = new ArrayList<>();
                while (r.next()) {
                    String kid = r.getString(1);
                    long until = r.getLong(4);
                    Optional<Instant> publishUntil = r.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(until));
                    out.add(new SigningKey(parse(box.open(r.getBytes(2), context(kid))), Instant.ofEpochMilli(r.getLong(3)),
                            publishUntil));
                }
                return out;
            }
        });
    }

    @Override
    public boolean rotate(String expectedActive, SigningKey next, Instant publishUntil) {
        long now = next.created().toEpochMilli();
        return db.transaction(c -> {
            // Retire exactly the key the caller saw, so that two nodes rotating at once make one new key.
            String retire = expectedActive == null
                    ? "SELECT count(*) FROM signing_keys WHERE retired IS NULL"
                    : "UPDATE signing_keys SET retired = ?, publish_until = ? WHERE kid = ? AND retired IS NULL";
            try (PreparedStatement s = c.prepareStatement(retire)) {
                if (expectedActive == null) {
                    try (ResultSet r = s.executeQuery()) {
                        r.next();
                        if (r.getInt(1) != 0) {
                            return false;
                        }
                    }
                } else {
                    s.setLong(1, now);
                    s.setLong(2, publishUntil.toEpochMilli());
                    s.setString(3, expectedActive);
                    if (s.executeUpdate() != 1) {
                        return false;
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO signing_keys (kid, algorithm, private_jwk, created) VALUES (?,?,?,?)")) {
                s.setString(1, next.kid());
                s.setString(2, next.algorithm());
                s.setBytes(3, box.seal(next.privateJwk().toJSONString(), context(next.kid())));
                s.setLong(4, now);
                s.executeUpdate();
            }
            return true;
        });
    }

    @Override
    public int prune(Instant now) {
        return db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM signing_keys WHERE publish_until < ?")) {
                s.setLong(1, now.toEpochMilli());
                return s.executeUpdate();
            }
        });
    }

    private static String context(String kid) {
        return "signing-key:" + kid;
    }

    private static JWK parse(String json) throws SQLException {
        try {
            return JWK.parse(json);
        } catch (ParseException e) {
            throw new SQLException("a stored signing key is not a JWK", e);
        }
    }
}
