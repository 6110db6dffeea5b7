package io.taskgate.server.oauth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import io.taskgate.server.store.Database;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The issuer's keys, as this node knows them: the active key that signs, and every published key
 * that verifies. The store is the truth, shared by all nodes. A node rereads it on a schedule and,
 * rate-limited, when a token names a kid it does not know (another node may have rotated).
 *
 * <p>A retired key stays published until every token it could have signed has expired: its
 * retirement, plus the longest configurable token lifetime, plus the time other nodes may take to
 * notice the rotation, plus the verifier's clock leeway.
 */
public final class KeyRing implements JWKSource<SecurityContext> {

    /** How often nodes reread the keys, and so the longest a retired key may still sign elsewhere. */
    public static final Duration RELOAD_INTERVAL = Duration.ofMinutes(1);
    /** The least time between two rereads prompted by unknown kids, so a flood of them cannot hammer the store. */
    static final Duration MISS_RELOAD_INTERVAL = Duration.ofSeconds(5);
    /** The clock leeway a verifier allows on {@code exp}. */
    public static final Duration LEEWAY = Duration.ofSeconds(60);

    private static final Logger LOG = LoggerFactory.getLogger(KeyRing.class);

    /** The key that signs now, ready to use. */
    public record Signer(String kid, JWSAlgorithm algorithm, JWSSigner signer) {}

    private record Keys(Signer active, JWKSet published, Map<String, Object> publishedJson) {}

    private final SigningKeyStore store;
    private final TokenSettings settings;
    private final Clock clock;
    private final SecureRandom random;
    private volatile Keys keys;
    private volatile Instant lastMissReload = Instant.EPOCH;

    public KeyRing(SigningKeyStore store, TokenSettings settings, Clock clock, SecureRandom random) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        this.random = random;
    }

    /**
     * Loads the keys, first making one when there is none or when the active key's algorithm is not
     * the configured one. Returns this ring.
     */
    public KeyRing open() {
        List<SigningKey> all = store.all();
        Optional<SigningKey> active = all.stream().filter(SigningKey::active).findFirst();
        if (active.isEmpty() || !active.get().algorithm().equals(settings.algorithm().getName())) {
            rotate(active.map(SigningKey::kid).orElse(null));
        }
        reload();
        return this;
    }

    /** The key to sign with. */
    public Signer signer() {
        return keys.active();
    }

    /** The public keys as a JWK Set document (RFC 7517 §5). */
    public Map<String, Object> publishedJson() {
        return keys.publishedJson();
    }

    /** Replaces the active key with a new one of the configured algorithm now; returns the new kid. */
    public synchronized String rotate() {
        rotate(keys == null ? null : keys.active().kid());
        reload();
        return keys.active().kid();
    }

    /** The scheduled work: rotates when the active key is older than the rotation period, prunes, rereads. */
    public synchronized void maintain() {
        Instant now = clock.instant();
        SigningKey active = store.all().stream().filter(SigningKey::active).findFirst().orElse(null);
        if (active == null || !active.created().plus(settings.rotation()).isAfter(now)) {
            rotate(active == null ? null : active.kid());
        }
        int pruned = store.prune(now);
        if (pruned > 0) {
            LOG.info("Removed {} retired signing key(s) whose tokens have all expired", pruned);
        }
        reload();
    }

    /** Rereads the keys from the store. */
    public synchronized void reload() {
        List<JWK> published = new ArrayList<>();
        Signer active = null;
        for (SigningKey key : store.all()) {
            published.add(key.privateJwk().toPublicJWK());
            if (key.active()) {
                active = new Signer(key.kid(), JWSAlgorithm.parse(key.algorithm()), signer(key.privateJwk()));
            }
        }
        if (active == null) {
            throw new IllegalStateException("the store holds no active signing key");
        }
        JWKSet set = new JWKSet(published);
        keys = new Keys(active, set, set.toJSONObject(true));
    }

    /** Selects public keys for a verifier; a miss may reread the store (rate-limited). */
    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) {
        List<JWK> found = selector.select(keys.published());
        if (found.isEmpty() && missReloadAllowed()) {
            try {
                reload();
            } catch (RuntimeException e) {
                LOG.warn("Cannot reread the signing keys: {}", e.getMessage()); // the token is refused, as for an unknown kid
            }
            found = selector.select(keys.published());
        }
        return found;
    }

    private synchronized boolean missReloadAllowed() {
        Instant now = clock.instant();
        if (now.isBefore(lastMissReload.plus(MISS_RELOAD_INTERVAL))) {
            return false;
        }
        lastMissReload = now;
        return true;
    }

    private void rotate(String expectedActive) {
        Instant now = clock.instant();
        SigningKey next = new SigningKey(generate(settings.algorithm()), now, Optional.empty());
        // The longest lifetime any node may be configured with, not this one's: nodes, and the
        // rotate-keys command, need not share the setting.
        Instant publishUntil = now.plus(TokenSettings.MAX_LIFETIME).plus(RELOAD_INTERVAL).plus(LEEWAY);
        boolean made;
        try {
            made = store.rotate(expectedActive, next, publishUntil);
        } catch (Database.Conflict anotherNodeMadeOne) {
            made = false;
        }
        if (made) {
            LOG.info("New {} signing key {}; the previous one stays published until {}", next.algorithm(), next.kid(), publishUntil);
        }
    }

    private JWK generate(JWSAlgorithm algorithm) {
        try {
            if (JWSAlgorithm.ES256.equals(algorithm)) {
                return new ECKeyGenerator(Curve.P_256).algorithm(algorithm).keyUse(KeyUse.SIGNATURE).secureRandom(random)
                        .keyIDFromThumbprint(true).generate();
            }
            if (JWSAlgorithm.RS256.equals(algorithm)) {
                return new RSAKeyGenerator(2048).algorithm(algorithm).keyUse(KeyUse.SIGNATURE).secureRandom(random)
                        .keyIDFromThumbprint(true).generate();
            }
            return new OctetKeyPairGenerator(Curve.Ed25519).algorithm(algorithm).keyUse(KeyUse.SIGNATURE)
                    .keyIDFromThumbprint(true).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate a " + algorithm + " key", e);
        }
    }

    private static JWSSigner signer(JWK key) {
        try {
            return switch (key) {
                case ECKey ec -> new ECDSASigner(ec);
                case RSAKey rsa -> new RSASSASigner(rsa);
                case OctetKeyPair okp -> new Ed25519Signer(okp);
                default -> throw new IllegalStateException("unsupported signing key type " + key.getKeyType());
            };
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign with key " + key.getKeyID(), e);
        }
    }
}
