package io.taskgate.server.oauth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.time.Clock;
import java.util.Date;
import java.util.HashSet;
import java.util.Set;

/**
 * Verifies a signed JWT from one issuer (RFC 9068 §4, RFC 7519 §7.2): an allowed algorithm, a key
 * of that algorithm from the issuer's keys selected by {@code kid}, {@code typ} absent, {@code JWT} or
 * {@code at+jwt}, the exact {@code iss}, {@code exp} (required) and {@code nbf} with
 * {@link KeyRing#LEEWAY}, and, when audiences are configured, at least one matching {@code aud}.
 * Nimbus does the JOSE work; the clock is ours so that tests control time.
 */
public final class JwtVerifier {

    private static final JOSEObjectType APPLICATION_AT_JWT = new JOSEObjectType("application/at+jwt");

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    /**
     * @param audiences the accepted {@code aud} values; empty to accept any (or none)
     */
    public JwtVerifier(String issuer, JWKSource<SecurityContext> keys, Set<JWSAlgorithm> algorithms, Set<String> audiences,
            Clock clock) {
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, AccessTokenIssuer.AT_JWT,
                APPLICATION_AT_JWT, null));
        processor.setJWSKeySelector(new KidKeySelector(algorithms, keys));
        processor.setJWSVerifierFactory(KidKeySelector.VERIFIERS);
        Set<String> required = new HashSet<>(Set.of("iss", "exp"));
        if (!audiences.isEmpty()) {
            required.add("aud");
        }
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                audiences.isEmpty() ? null : Set.copyOf(audiences), new JWTClaimsSet.Builder().issuer(issuer).build(), required, null) {
            @Override
            protected Date currentTime() {
                return Date.from(clock.instant());
            }
        };
        claims.setMaxClockSkew((int) KeyRing.LEEWAY.toSeconds());
        processor.setJWTClaimsSetVerifier(claims);
    }

    /** The token's claims, once every check has passed. */
    public JWTClaimsSet verify(SignedJWT jwt) throws BadJOSEException, JOSEException {
        return processor.process(jwt, null);
    }
}
