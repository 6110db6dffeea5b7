package io.taskgate.hawk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskgate.scopes.ScopeSet;
import java.io.File;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The header vectors that hawk@9.0.2's client produced, reproduced and accepted. */
class HawkVectorsTest {

    static JsonNode vectors() throws Exception {
        String shared = System.getProperty("taskgate.shared.dir", "../../shared");
        return new ObjectMapper().readTree(new File(shared, "data/taskcluster/hawk-vectors.json")).get("vectors");
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    @Test
    void macsHashesAndHeaders_matchHawk() throws Exception {
        JsonNode vectors = vectors();
        assertThat(vectors).hasSize(4);
        for (JsonNode v : vectors) {
            URI uri = URI.create(v.get("uri").asText());
            String payload = text(v.get("payload"));
            String hash = payload == null ? null
                    : Hawk.payloadHash(text(v.get("contentType")), payload.getBytes(StandardCharsets.UTF_8));
            assertThat(hash).isEqualTo(text(v.get("hash")));
            String mac = Hawk.mac(v.get("credentials").get("key").asText(), Hawk.Type.HEADER, v.get("ts").asText(),
                    v.get("nonce").asText(), v.get("method").asText(), HawkSigner.resource(uri), uri.getHost(),
                    HawkSigner.port(uri), hash, text(v.get("ext")));
            assertThat(mac).as(v.get("uri").asText()).isEqualTo(v.get("mac").asText());
            HawkHeader header = new HawkHeader(v.get("credentials").get("id").asText(), v.get("ts").asText(),
                    v.get("nonce").asText(), Optional.ofNullable(hash), Optional.ofNullable(text(v.get("ext"))), mac);
            assertThat(header.toHeaderValue()).isEqualTo(v.get("header").asText());
            assertThat(HawkHeader.parse(v.get("header").asText())).isEqualTo(header);
        }
    }

    @Test
    void vectorHeaders_authenticate_atTheirTimestamp() throws Exception {
        for (JsonNode v : vectors()) {
            if (!v.get("ext").isNull()) {
                continue; // "some-app-ext-data" is no Taskcluster ext; see HawkAuthenticatorTest for ext
            }
            JsonNode creds = v.get("credentials");
            MutableClock clock = new MutableClock(Instant.ofEpochSecond(v.get("ts").asLong()));
            HawkAuthenticator auth = new HawkAuthenticator(
                    id -> HawkAuthenticator.Issuer.of(id, creds.get("key").asText(), List.of("x"), Instant.MAX, ScopeSet::of),
                    ScopeSet::of, clock, ReplayGuard.NONE);
            URI uri = URI.create(v.get("uri").asText());
            HawkRequest request = new HawkRequest(v.get("method").asText(), HawkSigner.resource(uri), uri.getHost(),
                    HawkSigner.port(uri));
            Optional<HawkAuthenticator.Payload> payload = v.get("payload").isNull() ? Optional.empty()
                    : Optional.of(new HawkAuthenticator.Payload(v.get("contentType").asText(),
                            v.get("payload").asText().getBytes(StandardCharsets.UTF_8)));
            HawkAuthenticator.Authenticated who = auth.authenticate(request, v.get("header").asText(), payload);
            assertThat(who.clientId()).isEqualTo(creds.get("id").asText());
            assertThat(who.hash()).isEqualTo(Optional.ofNullable(text(v.get("hash"))));
        }
    }
}
