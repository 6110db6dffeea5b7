package io.taskgate.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.taskgate.server.oauth.AccessTokenIssuer;
import io.taskgate.server.oauth.JwtVerifier;
import io.taskgate.server.oauth.KeyRing;
import io.taskgate.server.oauth.TokenGrant;
import io.taskgate.server.oauth.TokenSettings;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The issuer's access tokens, one at a time: signing one ({@link AccessTokenIssuer#sign}) and
 * verifying one as the server does for a token it has not seen ({@link JwtVerifier#verify}: parse,
 * key selection by kid, type, signature and claims), without {@code BearerAuthenticator}'s cache.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class JwtBenchmarks {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final String ISSUER = "http://localhost:8080";
    private static final String CLIENT = "project/bench/client-500";

    /** An issuer with one key of one algorithm, a verifier of its tokens, and one token it signed. */
    record Issuer(AccessTokenIssuer signer, JwtVerifier verifier, TokenGrant.Decision decision, String token) {

        /** Keys made as the server makes them, in memory; the token is what a default client-credentials request gets. */
        static Issuer of(JWSAlgorithm algorithm) {
            Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
            SecureRandom random = new SecureRandom();
            TokenSettings settings = new TokenSettings(TokenSettings.DEFAULTS.audiences(), TokenSettings.DEFAULTS.lifetime(), algorithm,
                    TokenSettings.DEFAULTS.rotation());
            KeyRing keys = new KeyRing(new InMemorySigningKeyStore(), settings, clock, random).open();
            AccessTokenIssuer signer = new AccessTokenIssuer(ISSUER, keys, random);
            JwtVerifier verifier = new JwtVerifier(ISSUER, keys, Set.of(algorithm), Set.copyOf(settings.audiences()), clock);
            TokenGrant.Decision decision = new TokenGrant.Decision(CLIENT, List.of(settings.defaultAudience()),
                    List.of(TokenGrant.allOf(CLIENT)), NOW, NOW.plus(settings.lifetime()));
            String token = signer.sign(decision);
            try {
                // Fails loudly if the fixture is wrong, rather than timing a rejection.
                if (!CLIENT.equals(verifier.verify(SignedJWT.parse(token)).getStringClaim("client_id"))) {
                    throw new IllegalStateException("the " + algorithm + " token does not name its client");
                }
            } catch (ParseException | BadJOSEException | JOSEException e) {
                throw new IllegalStateException("the " + algorithm + " token does not verify", e);
            }
            return new Issuer(signer, verifier, decision, token);
        }

        /** Verifies the token from its text, as for a first sight of it: nothing parsed is reused. */
        JWTClaimsSet verify() throws ParseException, BadJOSEException, JOSEException {
            return verifier.verify(SignedJWT.parse(token));
        }
    }

    @State(Scope.Benchmark)
    public static class Es256 {
        Issuer issuer;

        @Setup
        public void open() {
            issuer = Issuer.of(JWSAlgorithm.ES256);
        }
    }

    @State(Scope.Benchmark)
    public static class Rs256 {
        Issuer issuer;

        @Setup
        public void open() {
            issuer = Issuer.of(JWSAlgorithm.RS256);
        }
    }

    @Benchmark
    public JWTClaimsSet verifyEs256AccessToken(Es256 s) throws Exception {
        return s.issuer.verify();
    }

    @Benchmark
    public JWTClaimsSet verifyRs256AccessToken(Rs256 s) throws Exception {
        return s.issuer.verify();
    }

    /** Claims, a random jti, an ECDSA P-256 signature and the compact serialization. */
    @Benchmark
    public String signEs256AccessToken(Es256 s) {
        return s.issuer.signer().sign(s.issuer.decision());
    }
}
