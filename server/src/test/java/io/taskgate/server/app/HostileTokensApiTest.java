package io.taskgate.server.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.taskgate.server.oauth.KeyRing;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tokens built to get past the Bearer check, each differing from a valid token in one way. Every
 * one must be refused with 401 {@code invalid_token}, in the API's own error body, never a 500.
 */
class HostileTokensApiTest {

    private static final String CLIENT = "static/tasklist";
    private static final String SECRET = "tasklist-client-secret-cccccccccccccccccccccc";

    @TempDir
    static Path dir;
    private static TestServer server;
    private static Instant now;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(dir, "[{\"clientId\":\"" + CLIENT + "\",\"accessToken\":\"" + SECRET + "\",\"scopes\":[\"auth:current-scopes\"]}]");
        now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The claims of a valid token, which each case changes in one way. */
    private static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder().issuer(server.taskgate.publicUrl()).subject(CLIENT).claim("client_id", CLIENT)
                .claim("azp", CLIENT).audience("tasklist-api").issueTime(Date.from(now)).notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300))).jwtID("j-" + System.nanoTime()).claim("scope", "assume:client:" + CLIENT);
    }

    private static JWSHeader.Builder header() {
        KeyRing.Signer signer = server.taskgate.keys().signer();
        return new JWSHeader.Builder(signer.algorithm()).keyID(signer.kid()).type(new JOSEObjectType("at+jwt"));
    }

    /** Signed with the server's own active key, so only the named difference can fail it. */
    private static String ours(UnaryOperator<JWSHeader.Builder> h, UnaryOperator<JWTClaimsSet.Builder> c) {
        return sign(h.apply(header()).build(), c.apply(claims()).build(), server.taskgate.keys().signer().signer());
    }

    private static String sign(JWSHeader header, JWTClaimsSet claims, JWSSigner signer) {
        try {
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JWSSigner strangerKey() throws JOSEException {
        return new ECDSASigner(new ECKeyGenerator(Curve.P_256).generate());
    }

    /** Why each case is refused: the reason must be the intended one, not some other check failing first. */
    private static final Map<String, String> WHY = Map.ofEntries(
            Map.entry("alg none", "Unsigned tokens (alg none) are not accepted"),
            Map.entry("HS256 keyed with our public key", "Another algorithm expected, or no matching key(s) found"),
            Map.entry("unknown kid", "no matching key(s) found"),
            Map.entry("kid holding a path", "no matching key(s) found"),
            Map.entry("kid holding a URL", "no matching key(s) found"),
            Map.entry("expired", "Expired JWT"),
            Map.entry("nbf in the future", "JWT before use time"),
            Map.entry("wrong iss", "Tokens from issuer https://attacker.example are not accepted here"),
            Map.entry("wrong aud", "JWT aud claim rejected"),
            Map.entry("tampered payload", "Invalid signature"),
            Map.entry("truncated", "Invalid signature"),
            Map.entry("100 KB", "The token is longer than 8192 characters"),
            Map.entry("unknown crit header", "Invalid signature"),
            Map.entry("JWE instead of JWS", "Encrypted tokens (JWE) are not accepted"),
            Map.entry("no exp", "missing required claims: [exp]"),
            Map.entry("wrong typ", "typ (type) secevent+jwt not allowed"),
            Map.entry("not a JWT", "The token is not a JWT"),
            Map.entry("empty", "The Bearer token is empty"));

    static Stream<Arguments> hostileTokens() throws Exception {
        String valid = ours(h -> h, c -> c);
        String[] parts = valid.split("\\.");
        String publicJwk = server.taskgate.keys().publishedJson().toString();
        String tampered = parts[0] + "." + Base64URL.encode(claims().claim("scope", "*").build().toString()) + "." + parts[2];
        EncryptedJWT jwe = new EncryptedJWT(new JWEHeader(JWEAlgorithm.RSA_OAEP_256, EncryptionMethod.A128GCM), claims().build());
        jwe.encrypt(new RSAEncrypter(new RSAKeyGenerator(2048).generate()));
        return Stream.of(
                Arguments.of("alg none", new PlainJWT(claims().build()).serialize()),
                Arguments.of("HS256 keyed with our public key", sign(new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .keyID(server.taskgate.keys().signer().kid()).build(), claims().build(),
                        new MACSigner(publicJwk.getBytes(StandardCharsets.UTF_8)))),
                Arguments.of("unknown kid", sign(header().keyID("no-such-kid").build(), claims().build(), strangerKey())),
                Arguments.of("kid holding a path", sign(header().keyID("../../../../etc/passwd").build(), claims().build(), strangerKey())),
                Arguments.of("kid holding a URL", sign(header().keyID("https://attacker.example/jwks.json").build(), claims().build(),
                        strangerKey())),
                Arguments.of("expired", ours(h -> h, c -> c.issueTime(Date.from(now.minusSeconds(600)))
                        .notBeforeTime(Date.from(now.minusSeconds(600))).expirationTime(Date.from(now.minusSeconds(120))))),
                Arguments.of("nbf in the future", ours(h -> h, c -> c.notBeforeTime(Date.from(now.plusSeconds(120))))),
                Arguments.of("wrong iss", ours(h -> h, c -> c.issuer("https://attacker.example"))),
                Arguments.of("wrong aud", ours(h -> h, c -> c.audience("another-api"))),
                Arguments.of("tampered payload", tampered),
                Arguments.of("truncated", valid.substring(0, valid.length() - 6)),
                Arguments.of("100 KB", ours(h -> h, c -> c.claim("pad", "x".repeat(76 * 1024)))), // about 104,000 characters
                Arguments.of("unknown crit header", ours(h -> h.criticalParams(Set.of("urn:example:must-understand"))
                        .customParam("urn:example:must-understand", true), c -> c)),
                Arguments.of("JWE instead of JWS", jwe.serialize()),
                Arguments.of("no exp", ours(h -> h, c -> c.expirationTime(null))),
                Arguments.of("wrong typ", ours(h -> h.type(new JOSEObjectType("secevent+jwt")), c -> c)),
                Arguments.of("not a JWT", "not-a-token"),
                Arguments.of("empty", ""));
    }

    @Test
    void theUnalteredToken_passes() throws Exception {
        TestServer.Answer ok = server.sendBearer("GET", "/api/auth/v1/scopes/current", null, ours(h -> h, c -> c));
        assertThat(ok.status()).as(ok.raw().body()).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileTokens")
    void hostileToken_is401InvalidToken_inTheApisErrorBody(String name, String token) throws Exception {
        if (name.equals("100 KB")) {
            assertThat(token.length()).isBetween(100 * 1024, 110 * 1024);
        }
        TestServer.Answer a = server.sendBearer("GET", "/api/auth/v1/scopes/current", null, token);
        assertThat(a.status()).as(name + ": " + a.raw().body()).isEqualTo(401);
        assertThat(a.raw().headers().firstValue("WWW-Authenticate").orElseThrow())
                .matches("Bearer error=\"invalid_token\", error_description=\"[^\"\\\\]+\"");
        assertThat(a.body().get("code").asText()).isEqualTo("AuthenticationFailed");
        assertThat(a.body().get("message").asText()).as(name).contains(WHY.get(name)).doesNotContain("Exception");
        assertThat(a.body().get("requestInfo").get("method").asText()).isEqualTo("currentScopes");
    }
}
