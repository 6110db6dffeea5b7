package io.taskgate.client;

import io.taskgate.hawk.Certificate;
import io.taskgate.hawk.HawkSigner;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Client credentials: permanent ({@code clientId} and {@code accessToken}) or temporary (with the
 * certificate that proves them). {@link #toString} never shows the token.
 */
public record Credentials(String clientId, String accessToken, Optional<String> certificate) {

    public static Credentials permanent(String clientId, String accessToken) {
        return new Credentials(clientId, accessToken, Optional.empty());
    }

    /**
     * The credentials {@code taskcluster-client} reads: {@code TASKCLUSTER_CLIENT_ID},
     * {@code TASKCLUSTER_ACCESS_TOKEN} and, for temporary ones, {@code TASKCLUSTER_CERTIFICATE}.
     */
    public static Optional<Credentials> fromEnvironment(Map<String, String> env) {
        String id = env.get("TASKCLUSTER_CLIENT_ID");
        String token = env.get("TASKCLUSTER_ACCESS_TOKEN");
        if (id == null || id.isBlank() || token == null || token.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new Credentials(id, token, Optional.ofNullable(env.get("TASKCLUSTER_CERTIFICATE")).filter(c -> !c.isBlank())));
    }

    public boolean isTemporary() {
        return certificate.isPresent();
    }

    /**
     * Temporary credentials from these permanent ones, made offline as {@code createTemporaryCredentials}
     * makes them: unnamed (with this clientId) or named {@code name}.
     *
     * @throws IllegalStateException for temporary credentials, which cannot issue others
     */
    public Credentials createTemporaryCredentials(Optional<String> name, List<String> scopes, Instant start, Instant expiry) {
        if (isTemporary()) {
            throw new IllegalStateException("temporary credentials cannot be used to make temporary credentials; use permanent ones");
        }
        Certificate.Minted minted = Certificate.mint(clientId, accessToken, name, scopes, start, expiry, new SecureRandom());
        return new Credentials(minted.clientId(), minted.accessToken(), Optional.of(minted.certificate()));
    }

    /** These credentials for the Hawk signer, narrowed to {@code authorizedScopes} when given. */
    HawkSigner.Credentials forSigning(Optional<List<String>> authorizedScopes) {
        return new HawkSigner.Credentials(clientId, accessToken, certificate, authorizedScopes);
    }

    @Override
    public String toString() {
        return "Credentials[" + clientId + (isTemporary() ? ", temporary" : "") + ", accessToken=(hidden)]";
    }
}
