package io.taskgate.server.oauth;

import com.nimbusds.jose.jwk.JWK;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One of the issuer's signing keys: its private JWK (which carries the {@code kid} and {@code alg}),
 * when it was made, and, once a newer key has replaced it, until when its public half stays
 * published. {@link #toString} never shows the private key.
 */
public record SigningKey(JWK privateJwk, Instant created, Optional<Instant> publishUntil) {

    public SigningKey {
        Objects.requireNonNull(privateJwk.getKeyID(), "a signing key needs a kid");
        Objects.requireNonNull(privateJwk.getAlgorithm(), "a signing key needs an alg");
    }

    public String kid() {
        return privateJwk.getKeyID();
    }

    public String algorithm() {
        return privateJwk.getAlgorithm().getName();
    }

    /** True for the key that signs: the one that has not been retired. */
    public boolean active() {
        return publishUntil.isEmpty();
    }

    @Override
    public String toString() {
        return "SigningKey[" + kid() + ", " + algorithm() + ", created=" + created + ", publishUntil=" + publishUntil
                + ", privateJwk=(hidden)]";
    }
}
