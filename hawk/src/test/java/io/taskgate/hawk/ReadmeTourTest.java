package io.taskgate.hawk;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskgate.scopes.ScopeSet;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Hawk part of the README's tour, so that the README stays true. */
class ReadmeTourTest {

    @Test
    void tour() throws Exception {
        String accessToken = "c2VjcmV0LXRva2VuLWZvci10aGUtcmVhZG1lLXRvdXIh";
        Certificate.Minted temp = Certificate.mint("project/me/ci", accessToken, Optional.empty(),
                List.of("queue:create-task:highest:proj/*"), Instant.now(), Instant.now().plus(Duration.ofHours(1)),
                new SecureRandom());
        HawkSigner signer = new HawkSigner(Clock.systemUTC(), new SecureRandom());
        String authorization = signer.header(
                new HawkSigner.Credentials(temp.clientId(), temp.accessToken(), Optional.of(temp.certificate()), Optional.empty()),
                "GET", URI.create("http://localhost:8080/api/auth/v1/scopes/current"), Optional.empty());
        assertThat(authorization).startsWith("Hawk id=\"project/me/ci\", ts=\"").contains(", ext=\"eyJjZXJ0aWZpY2F0ZSI6");

        HawkAuthenticator server = new HawkAuthenticator(
                id -> HawkAuthenticator.Issuer.of(id, accessToken, List.of("queue:*"), Instant.MAX, ScopeSet::of),
                ScopeSet::of, Clock.systemUTC(), ReplayGuard.NONE);
        assertThat(server.authenticate(new HawkRequest("GET", "/api/auth/v1/scopes/current", "localhost", 8080),
                authorization, Optional.empty()).scopes()).contains("queue:create-task:highest:proj/*");
    }
}
