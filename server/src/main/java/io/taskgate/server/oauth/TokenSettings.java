package io.taskgate.server.oauth;

import com.nimbusds.jose.JWSAlgorithm;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * How the token endpoint issues tokens: the audiences it may put in {@code aud} (the first is the
 * default), how long a token lives, the signing algorithm, and how often the signing key rotates.
 */
public record TokenSettings(List<String> audiences, Duration lifetime, JWSAlgorithm algorithm, Duration rotation) {

    /** The algorithms the issuer can sign with. */
    public static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256, JWSAlgorithm.EdDSA);
    /** The longest token lifetime that may be configured. */
    public static final Duration MAX_LIFETIME = Duration.ofDays(1);

    public static final TokenSettings DEFAULTS = new TokenSettings(List.of("tasklist-api"), Duration.ofMinutes(5),
            JWSAlgorithm.ES256, Duration.ofDays(30));

    public TokenSettings {
        audiences = List.copyOf(audiences);
        if (audiences.isEmpty()) {
            throw new IllegalArgumentException("TASKGATE_TOKEN_AUDIENCES must name at least one audience");
        }
        if (lifetime.compareTo(Duration.ofSeconds(10)) < 0 || lifetime.compareTo(MAX_LIFETIME) > 0) {
            throw new IllegalArgumentException("TASKGATE_TOKEN_LIFETIME must be from 10 to 86400 seconds");
        }
        if (!ALGORITHMS.contains(algorithm)) {
            throw new IllegalArgumentException("TASKGATE_TOKEN_ALGORITHM must be ES256, RS256 or EdDSA");
        }
        if (rotation.compareTo(Duration.ofHours(1)) < 0) {
            throw new IllegalArgumentException("TASKGATE_KEY_ROTATION_DAYS must be at least 1 (days)");
        }
    }

    /** The audience a token gets when the request names none. */
    public String defaultAudience() {
        return audiences.get(0);
    }
}
