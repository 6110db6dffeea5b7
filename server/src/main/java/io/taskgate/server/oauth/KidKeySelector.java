package io.taskgate.server.oauth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerifierFactory;
import com.nimbusds.jose.proc.SecurityContext;
import java.security.Key;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Picks the verification key for a JWS by its {@code kid}, from keys of the header's algorithm
 * only, and only if that algorithm is allowed. Nimbus's own selector does not handle EdDSA keys,
 * so this one does all three families alike; {@link #VERIFIERS} turns an Ed25519 key into its
 * verifier.
 */
final class KidKeySelector implements JWSKeySelector<SecurityContext> {

    /** Verifiers for the keys this selector returns: Nimbus's, plus Ed25519. */
    static final JWSVerifierFactory VERIFIERS = new JWSVerifierFactory() {
        private final DefaultJWSVerifierFactory standard = new DefaultJWSVerifierFactory();

        @Override
        public JWSVerifier createJWSVerifier(JWSHeader header, Key key) throws JOSEException {
            return key instanceof Ed25519PublicKey ed ? new Ed25519Verifier(ed.jwk()) : standard.createJWSVerifier(header, key);
        }

        @Override
        public Set<JWSAlgorithm> supportedJWSAlgorithms() {
            Set<JWSAlgorithm> all = new HashSet<>(standard.supportedJWSAlgorithms());
            all.add(JWSAlgorithm.EdDSA);
            return all;
        }

        @Override
        public JCAContext getJCAContext() {
            return standard.getJCAContext();
        }
    };

    /** An Ed25519 public JWK carried as a {@link Key}, which is what Nimbus's processor passes around. */
    record Ed25519PublicKey(OctetKeyPair jwk) implements PublicKey {
        @Override
        public String getAlgorithm() {
            return "Ed25519";
        }

        @Override
        public String getFormat() {
            return null;
        }

        @Override
        public byte[] getEncoded() {
            return null;
        }
    }

    private final Set<JWSAlgorithm> allowed;
    private final JWKSource<SecurityContext> keys;

    KidKeySelector(Set<JWSAlgorithm> allowed, JWKSource<SecurityContext> keys) {
        this.allowed = Set.copyOf(allowed);
        this.keys = keys;
    }

    @Override
    public List<Key> selectJWSKeys(JWSHeader header, SecurityContext context) throws com.nimbusds.jose.KeySourceException {
        JWSAlgorithm alg = header.getAlgorithm();
        if (!allowed.contains(alg) || header.getKeyID() == null) {
            return List.of();
        }
        JWKMatcher matcher = new JWKMatcher.Builder().keyType(KeyType.forAlgorithm(alg)).keyID(header.getKeyID())
                .keyUses(KeyUse.SIGNATURE, null).algorithms(alg, null).build();
        List<Key> out = new ArrayList<>();
        for (JWK jwk : keys.get(new JWKSelector(matcher), context)) {
            try {
                switch (jwk) {
                    case RSAKey rsa -> out.add(rsa.toRSAPublicKey());
                    case ECKey ec when Curve.forJWSAlgorithm(alg).contains(ec.getCurve()) -> out.add(ec.toECPublicKey());
                    case OctetKeyPair okp when Curve.Ed25519.equals(okp.getCurve()) -> out.add(new Ed25519PublicKey(okp.toPublicJWK()));
                    default -> { } // a key of the right type but the wrong curve cannot verify this algorithm
                }
            } catch (JOSEException e) {
                // an unusable published key is skipped, as if absent
            }
        }
        return out;
    }
}
