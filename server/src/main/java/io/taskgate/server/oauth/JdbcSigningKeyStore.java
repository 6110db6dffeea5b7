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
            try (PreparedStatement s = c.prepareStatement("SELECT kid FROM signing_keys WHERE retired IS NULL");
                    ResultSet r = s.executeQuery()) {
                String active = r.next() ? r.getString(1) : null;
                if (!java.util.Objects.equals(active, expectedActive)) {
                    return false;
                }
            }
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE signing_keys SET retired = ?, publish_until = ? WHERE retired IS NULL")) {
                s.setLong(1, now);
                s.setLong(2, publishUntil.toEpochMilli());
                s.executeUpdate();
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
