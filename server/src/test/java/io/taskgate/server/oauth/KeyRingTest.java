package io.taskgate.server.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jwt.SignedJWT;
import io.taskgate.hawk.MutableClock;
import io.taskgate.server.identity.SecretBox;
import io.taskgate.server.store.Database;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signing keys: made on first start, sealed in the store, rotated on schedule or on demand, shared by nodes, pruned late enough. */
class KeyRingTest {

    private static final String ISSUER = "https://taskgate.example";

    @TempDir
    Path dir;
    private Database db;
    private final SecretBox box = new SecretBox(new byte[32], new SecureRandom());
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));

    @BeforeEach
    void open() {
        db = Database.sqlite(dir.resolve("taskgate.db"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private KeyRing ring(JWSAlgorithm algorithm) {
        TokenSettings settings = new TokenSettings(List.of("api"), Duration.ofMinutes(5), algorithm, Duration.ofDays(30));
        return new KeyRing(new JdbcSigningKeyStore(db, box), settings, clock, new SecureRandom()).open();
    }

    private String token(KeyRing keys) {
        AccessTokenIssuer issuer = new AccessTokenIssuer(ISSUER, keys, new SecureRandom());
        return issuer.sign(new TokenGrant.Decision("c", List.of("api"), List.of("s"), clock.instant(), clock.instant().plusSeconds(300)));
    }

    private JwtVerifier verifier(KeyRing keys, JWSAlgorithm algorithm) {
        return new JwtVerifier(ISSUER, keys, Set.of(algorithm), Set.of("api"), clock);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> published(KeyRing keys) {
        return (List<Map<String, Object>>) keys.publishedJson().get("keys");
    }

    private static List<String> kids(KeyRing keys) {
        return published(keys).stream().map(k -> (String) k.get("kid")).toList();
    }

    @Test
    void firstStart_makesOneKey_publishesOnlyItsPublicHalf_andSealsThePrivateHalf() throws Exception {
        KeyRing keys = ring(JWSAlgorithm.ES256);
        assertThat(kids(keys)).containsExactly(keys.signer().kid());
        assertThat(published(keys)).allSatisfy(k -> assertThat(k).doesNotContainKeys("d", "p", "q"));
        byte[] stored = db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT private_jwk FROM signing_keys"); ResultSet r = s.executeQuery()) {
                r.next();
                return r.getBytes(1);
            }
        });
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("\"d\"").doesNotContain("P-256");
        // A restart reuses the key.
        assertThat(ring(JWSAlgorithm.ES256).signer().kid()).isEqualTo(keys.signer().kid());
    }

    @Test
    void everyConfigurableAlgorithm_signsTokensItsVerifierAccepts() throws Exception {
        for (JWSAlgorithm algorithm : List.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256, JWSAlgorithm.EdDSA)) {
            KeyRing keys = ring(algorithm); // a change of algorithm rotates to a key of the new kind
            SignedJWT jwt = SignedJWT.parse(token(keys));
            assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(algorithm);
            assertThat(verifier(keys, algorithm).verify(jwt).getSubject()).as(algorithm.getName()).isEqualTo("c");
        }
    }

    @Test
    void aChangeOfAlgorithm_keepsTokensFromTheOldKeyValid() throws Exception {
        SignedJWT es256 = SignedJWT.parse(token(ring(JWSAlgorithm.ES256)));
        KeyRing now = ring(JWSAlgorithm.RS256);
        assertThat(now.signer().algorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(new JwtVerifier(ISSUER, now, TokenSettings.ALGORITHMS, Set.of("api"), clock).verify(es256).getSubject()).isEqualTo("c");
    }

    @Test
    void theStore_neverHoldsTwoActiveKeys() {
        KeyRing keys = ring(JWSAlgorithm.ES256);
        JdbcSigningKeyStore store = new JdbcSigningKeyStore(db, box);
        SigningKey stale = new SigningKey(store.all().get(0).privateJwk(), clock.instant(), java.util.Optional.empty());
        assertThat(store.rotate(null, stale, clock.instant())).isFalse(); // "no key yet" is no longer true
        assertThat(store.rotate("not-the-active-kid", stale, clock.instant())).isFalse();
        assertThat(store.all()).filteredOn(SigningKey::active).hasSize(1);
        assertThat(kids(keys)).hasSize(1);
    }

    @Test
    void rotation_keepsTheOldKeyPublished_untilItsLastTokenHasExpired_thenPrunesIt() throws Exception {
        KeyRing keys = ring(JWSAlgorithm.ES256);
        String old = keys.signer().kid();
        SignedJWT signedByOld = SignedJWT.parse(token(keys));
        String fresh = keys.rotate();
        assertThat(fresh).isNotEqualTo(old);
        assertThat(keys.signer().kid()).isEqualTo(fresh);
        assertThat(kids(keys)).containsExactlyInAnyOrder(old, fresh);
        assertThat(verifier(keys, JWSAlgorithm.ES256).verify(signedByOld).getSubject()).isEqualTo("c");

        Duration published = TokenSettings.MAX_LIFETIME.plus(KeyRing.RELOAD_INTERVAL).plus(KeyRing.LEEWAY);
        clock.advance(published);
        keys.maintain();
        assertThat(kids(keys)).containsExactlyInAnyOrder(old, fresh);
        clock.advance(Duration.ofMillis(1));
        keys.maintain();
        assertThat(kids(keys)).containsExactly(fresh);
    }

    @Test
    void scheduledRotation_happensOnceTheKeyIsOlderThanThePeriod() {
        KeyRing keys = ring(JWSAlgorithm.ES256);
        String first = keys.signer().kid();
        clock.advance(Duration.ofDays(30).minusSeconds(1));
        keys.maintain();
        assertThat(keys.signer().kid()).isEqualTo(first);
        clock.advance(Duration.ofSeconds(1));
        keys.maintain();
        assertThat(keys.signer().kid()).isNotEqualTo(first);
    }

    @Test
    void anotherNodesRotation_isFoundWhenItsTokenArrives_rateLimited() throws Exception {
        KeyRing nodeA = ring(JWSAlgorithm.ES256);
        KeyRing nodeB = ring(JWSAlgorithm.ES256);
        nodeB.rotate();
        SignedJWT fromB = SignedJWT.parse(token(nodeB));
        assertThat(verifier(nodeA, JWSAlgorithm.ES256).verify(fromB).getSubject()).isEqualTo("c");

        nodeB.rotate();
        SignedJWT again = SignedJWT.parse(token(nodeB));
        // Node A reread the store moments ago; an unknown kid does not make it read again yet.
        Assertions.assertThatThrownBy(() -> verifier(nodeA, JWSAlgorithm.ES256).verify(again)).isInstanceOf(BadJOSEException.class);
        clock.advance(KeyRing.MISS_RELOAD_INTERVAL);
        assertThat(verifier(nodeA, JWSAlgorithm.ES256).verify(again).getSubject()).isEqualTo("c");
    }

    @Test
    void twoNodesRotatingAtOnce_makeOneNewKey() {
        KeyRing nodeA = ring(JWSAlgorithm.ES256);
        KeyRing nodeB = ring(JWSAlgorithm.ES256);
        clock.advance(Duration.ofDays(31));
        nodeA.maintain();
        nodeB.maintain(); // B sees A's fresh key as the active one: not due
        assertThat(nodeB.signer().kid()).isEqualTo(nodeA.signer().kid());
        assertThat(kids(nodeB)).hasSize(2);
    }
}
