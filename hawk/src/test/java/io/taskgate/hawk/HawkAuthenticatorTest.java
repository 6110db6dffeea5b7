package io.taskgate.hawk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskgate.scopes.Json;
import io.taskgate.scopes.Role;
import io.taskgate.scopes.RoleResolver;
import io.taskgate.scopes.ScopeSet;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every rule and message of spec/hawk.md, through the authenticator, on a clock the test controls. */
class HawkAuthenticatorTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final String ROOT_TOKEN = "root-token-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private static final String LIMITED_TOKEN = "limited-token-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    private static final Instant LIMITED_EXPIRES = NOW.plus(Duration.ofDays(2));
    private static final URI URL = URI.create("http://localhost:8080/api/auth/v1/scopes/current");

    private final MutableClock clock = new MutableClock(NOW);
    private final RoleResolver roles = RoleResolver.build(List.of(Role.of("anonymous", "auth:ping")));
    private final HawkSigner signer = new HawkSigner(clock, new SecureRandom());
    private final HawkAuthenticator auth = new HawkAuthenticator(this::load, roles::resolve, clock,
            new InMemoryReplayGuard(clock, HawkAuthenticator.SKEW, 10_000));

    private HawkAuthenticator.Issuer load(String clientId) throws HawkException {
        return switch (clientId) {
            case "root" -> HawkAuthenticator.Issuer.of("root", ROOT_TOKEN, List.of("*"), Instant.MAX, roles::resolve);
            case "limited" -> HawkAuthenticator.Issuer.of("limited", LIMITED_TOKEN,
                    List.of("queue:*", "auth:create-client:limited/*"), LIMITED_EXPIRES, roles::resolve);
            default -> throw HawkException.plain("Client with clientId '" + clientId + "' not found");
        };
    }

    private HawkAuthenticator.Authenticated get(HawkSigner.Credentials creds) throws HawkException {
        return auth.authenticate(request("GET", URL), signer.header(creds, "GET", URL, Optional.empty()), Optional.empty());
    }

    private static HawkRequest request(String method, URI uri) {
        return new HawkRequest(method, HawkSigner.resource(uri), uri.getHost(), HawkSigner.port(uri));
    }

    private static HawkSigner.Credentials limited() {
        return HawkSigner.Credentials.permanent("limited", LIMITED_TOKEN);
    }

    // ---- permanent credentials ----

    @Test
    void permanentCredentials_getTheirExpandedScopesPlusAnonymous() throws Exception {
        HawkAuthenticator.Authenticated who = get(limited());
        assertThat(who.clientId()).isEqualTo("limited");
        assertThat(who.scopes()).containsExactly("assume:anonymous", "auth:create-client:limited/*", "auth:ping", "queue:*");
        assertThat(who.expires()).isEqualTo(LIMITED_EXPIRES);
        assertThat(who.scheme()).isEqualTo(HawkAuthenticator.Scheme.HAWK);
    }

    @Test
    void wrongKey_isABadMac() {
        assertThatThrownBy(() -> get(HawkSigner.Credentials.permanent("limited", ROOT_TOKEN)))
                .hasMessage("Unauthorized: Bad mac");
    }

    @Test
    void unknownClient_failsWithTheStoresMessage() {
        assertThatThrownBy(() -> get(HawkSigner.Credentials.permanent("nobody", ROOT_TOKEN)))
                .hasMessage("Client with clientId 'nobody' not found");
    }

    @Test
    void macCoversMethodResourceHostAndPort() throws Exception {
        String header = signer.header(limited(), "GET", URL, Optional.empty());
        assertThatThrownBy(() -> auth.authenticate(request("POST", URL), header, Optional.empty())).hasMessage("Unauthorized: Bad mac");
        assertThatThrownBy(() -> auth.authenticate(new HawkRequest("GET", "/api/auth/v1/ping", "localhost", 8080), header,
                Optional.empty())).hasMessage("Unauthorized: Bad mac");
        assertThatThrownBy(() -> auth.authenticate(new HawkRequest("GET", HawkSigner.resource(URL), "localhost", 80), header,
                Optional.empty())).hasMessage("Unauthorized: Bad mac");
        assertThat(auth.authenticate(new HawkRequest("GET", HawkSigner.resource(URL), "LOCALHOST", 8080), header,
                Optional.empty()).clientId()).isEqualTo("limited");
    }

    @Test
    void encodedSlashes_areSignedAsSent() throws Exception {
        URI uri = URI.create("http://localhost:8080/api/queue/v1/pending/prov%2Fworker");
        String header = signer.header(limited(), "GET", uri, Optional.empty());
        assertThat(auth.authenticate(new HawkRequest("GET", "/api/queue/v1/pending/prov%2Fworker", "localhost", 8080),
                header, Optional.empty()).clientId()).isEqualTo("limited");
        assertThatThrownBy(() -> auth.authenticate(new HawkRequest("GET", "/api/queue/v1/pending/prov/worker", "localhost", 8080),
                signer.header(limited(), "GET", uri, Optional.empty()), Optional.empty())).hasMessage("Unauthorized: Bad mac");
    }

    @Test
    void timestampsUpToFifteenMinutesOff_areAccepted_beyondThatStale() throws Exception {
        clock.set(NOW.minus(Duration.ofMinutes(15)));
        String early = signer.header(limited(), "GET", URL, Optional.empty());
        clock.set(NOW.plus(Duration.ofMinutes(15)).plusSeconds(1));
        String late = signer.header(limited(), "GET", URL, Optional.empty());
        clock.set(NOW);
        assertThat(auth.authenticate(request("GET", URL), early, Optional.empty()).clientId()).isEqualTo("limited");
        assertThatThrownBy(() -> auth.authenticate(request("GET", URL), late, Optional.empty()))
                .hasMessage("Unauthorized: Stale timestamp");
    }

    @Test
    void replayedRequest_isRefused() throws Exception {
        String header = signer.header(limited(), "GET", URL, Optional.empty());
        auth.authenticate(request("GET", URL), header, Optional.empty());
        assertThatThrownBy(() -> auth.authenticate(request("GET", URL), header, Optional.empty()))
                .hasMessage("Unauthorized: Invalid nonce");
    }

    @Test
    void payloadHash_isCheckedWhenSent_andTheBodyIsFreeWhenNot() throws Exception {
        byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        HawkAuthenticator.Payload payload = new HawkAuthenticator.Payload("application/json; charset=utf-8", body);
        String hashed = signer.header(limited(), "POST", URL, Optional.of(payload));
        HawkAuthenticator.Authenticated who = auth.authenticate(request("POST", URL), hashed,
                Optional.of(new HawkAuthenticator.Payload("Application/JSON", body)));
        assertThat(who.hash()).isPresent();
        String tampered = signer.header(limited(), "POST", URL, Optional.of(payload));
        assertThatThrownBy(() -> auth.authenticate(request("POST", URL), tampered,
                Optional.of(new HawkAuthenticator.Payload("application/json", "{\"a\":2}".getBytes(StandardCharsets.UTF_8)))))
                .hasMessage("Unauthorized: Bad payload hash");
        String unhashed = signer.header(limited(), "POST", URL, Optional.empty());
        assertThat(auth.authenticate(request("POST", URL), unhashed,
                Optional.of(new HawkAuthenticator.Payload("application/json", body))).hash()).isEmpty();
    }

    @Test
    void unreadableExt_fails() {
        String bad = Hawk.mac(LIMITED_TOKEN, Hawk.Type.HEADER, Long.toString(NOW.getEpochSecond()), "n", "GET",
                HawkSigner.resource(URL), "localhost", 8080, null, "bm90IGpzb24=");
        String header = new HawkHeader("limited", Long.toString(NOW.getEpochSecond()), "n", Optional.empty(),
                Optional.of("bm90IGpzb24="), bad).toHeaderValue();
        assertThatThrownBy(() -> auth.authenticate(request("GET", URL), header, Optional.empty()))
                .hasMessage("Failed to parse ext");
    }

    // ---- authorizedScopes ----

    @Test
    void authorizedScopes_narrowTheCredentials_thenAnonymousIsAddedBack() throws Exception {
        HawkAuthenticator.Authenticated who = get(limited().authorizedScopes(List.of("queue:create-task:x")));
        assertThat(who.scopes()).containsExactly("assume:anonymous", "auth:ping", "queue:create-task:x");
    }

    @Test
    void authorizedScopes_mayUseWhatAnonymousGrants() throws Exception {
        assertThat(get(limited().authorizedScopes(List.of("auth:ping"))).scopes()).contains("auth:ping");
    }

    @Test
    void authorizedScopesBeyondTheCredentials_areRefusedWithBothLists() {
        assertThatThrownBy(() -> get(limited().authorizedScopes(List.of("secrets:get:x"))))
                .hasMessage("Supplied credentials do not satisfy authorizedScopes; credentials have scopes:\n\n```\n"
                        + "assume:anonymous\nauth:create-client:limited/*\nauth:ping\nqueue:*\n```\n\n"
                        + "authorizedScopes are:\n\n```\nsecrets:get:x\n```");
    }

    @Test
    void malformedAuthorizedScopes_areRefused() {
        assertThatThrownBy(() -> withExt("limited", LIMITED_TOKEN, Map.of("authorizedScopes", "queue:*")))
                .hasMessage("ext.authorizedScopes must be an array");
        assertThatThrownBy(() -> withExt("limited", LIMITED_TOKEN, Map.of("authorizedScopes", List.of("caf\u00e9"))))
                .hasMessage("ext.authorizedScopes must be an array of valid scopes");
    }

    // ---- temporary credentials ----

    private Certificate.Minted mint(String issuer, String token, Optional<String> name, List<String> scopes, Duration life) {
        return Certificate.mint(issuer, token, name, scopes, clock.instant(), clock.instant().plus(life), new SecureRandom());
    }

    private static HawkSigner.Credentials temporary(Certificate.Minted minted) {
        return new HawkSigner.Credentials(minted.clientId(), minted.accessToken(), Optional.of(minted.certificate()),
                Optional.empty());
    }

    @Test
    void unnamedTemporaryCredentials_carryTheCertificatesScopes_andExpireFirst() throws Exception {
        Certificate.Minted minted = mint("limited", LIMITED_TOKEN, Optional.empty(), List.of("queue:create-task:x"), Duration.ofHours(1));
        assertThat(minted.clientId()).isEqualTo("limited");
        HawkAuthenticator.Authenticated who = get(temporary(minted));
        assertThat(who.clientId()).isEqualTo("limited");
        assertThat(who.scopes()).containsExactly("assume:anonymous", "auth:ping", "queue:create-task:x");
        assertThat(who.expires()).isEqualTo(NOW.plus(Duration.ofHours(1)));
        Certificate.Minted longer = mint("limited", LIMITED_TOKEN, Optional.empty(), List.of(), Duration.ofDays(10));
        assertThat(get(temporary(longer)).expires()).as("never later than the issuer").isEqualTo(LIMITED_EXPIRES);
    }

    @Test
    void namedTemporaryCredentials_needTheIssuerToHoldCreateClient() throws Exception {
        Certificate.Minted minted = mint("limited", LIMITED_TOKEN, Optional.of("limited/temp"), List.of("queue:a"), Duration.ofHours(1));
        assertThat(get(temporary(minted)).clientId()).isEqualTo("limited/temp");
        Certificate.Minted elsewhere = mint("limited", LIMITED_TOKEN, Optional.of("other/temp"), List.of("queue:a"), Duration.ofHours(1));
        assertThatThrownBy(() -> get(temporary(elsewhere)))
                .hasMessage("ext.certificate issuer `limited` doesn't have `auth:create-client:other/temp` for supplied clientId.");
    }

    @Test
    void certificateScopesBeyondTheIssuer_areRefused() {
        Certificate.Minted minted = mint("limited", LIMITED_TOKEN, Optional.empty(), List.of("queue:a", "secrets:b"), Duration.ofHours(1));
        assertThatThrownBy(() -> get(temporary(minted)))
                .hasMessage("ext.certificate issuer `limited` doesn't satisfy all certificate scopes queue:a, secrets:b."
                        + "  The temporary credentials were not generated correctly.");
    }

    @Test
    void forgedSignatures_areRefused_withTheNamedVariantSayingSo() {
        Certificate.Minted unnamed = mint("limited", LIMITED_TOKEN, Optional.empty(), List.of("queue:a"), Duration.ofHours(1));
        Map<String, Object> cert = certificate(unnamed);
        cert.put("scopes", List.of("queue:b"));
        assertThatThrownBy(() -> withExt("limited", unnamed.accessToken(), Map.of("certificate", cert)))
                .hasMessage("ext.certificate.signature is not valid");
        Certificate.Minted named = mint("limited", LIMITED_TOKEN, Optional.of("limited/x"), List.of("queue:a"), Duration.ofHours(1));
        assertThatThrownBy(() -> withExt("limited/y", named.accessToken(), Map.of("certificate", certificate(named))))
                .hasMessage("ext.certificate.signature is not valid, or wrong clientId provided");
    }

    @Test
    void emptyScopeCertificates_areAcceptedInBothForms() throws Exception {
        for (String ending : List.of("", "\n")) {
            String seed = "s".repeat(44);
            long start = NOW.toEpochMilli();
            long expiry = NOW.plus(Duration.ofHours(1)).toEpochMilli();
            String content = Certificate.signedContent("limited", null, seed, start, expiry, List.of()) + ending;
            Map<String, Object> cert = new LinkedHashMap<>(Map.of("version", 1, "scopes", List.of(), "start", start,
                    "expiry", expiry, "seed", seed,
                    "signature", Base64.getEncoder().encodeToString(Hawk.hmac(LIMITED_TOKEN, content))));
            HawkAuthenticator.Authenticated who = withExt("limited", Certificate.temporaryKey(LIMITED_TOKEN, seed),
                    Map.of("certificate", cert));
            assertThat(who.scopes()).as("form ending %s", ending.isEmpty() ? "scopes:" : "scopes:\\n")
                    .containsExactly("assume:anonymous", "auth:ping");
        }
        Certificate.Minted minted = mint("limited", LIMITED_TOKEN, Optional.empty(), List.of(), Duration.ofHours(1));
        assertThat(String.valueOf(certificate(minted).get("signature"))).isEqualTo(Base64.getEncoder().encodeToString(
                Hawk.hmac(LIMITED_TOKEN, Certificate.signedContent("limited", null, (String) certificate(minted).get("seed"),
                        NOW.toEpochMilli(), NOW.plus(Duration.ofHours(1)).toEpochMilli(), List.of()))));
    }

    @Test
    void certificateWindow_isChecked_withFiveMinutesOfAllowance() {
        Certificate.Minted future = Certificate.mint("limited", LIMITED_TOKEN, Optional.empty(), List.of(),
                NOW.plus(Duration.ofMinutes(5)).plusMillis(1), NOW.plus(Duration.ofHours(1)), new SecureRandom());
        assertThatThrownBy(() -> get(temporary(future))).hasMessage("ext.certificate.start > now");
        Certificate.Minted past = Certificate.mint("limited", LIMITED_TOKEN, Optional.empty(), List.of(),
                NOW.minus(Duration.ofHours(1)), NOW.minus(Duration.ofMinutes(5)).minusMillis(1), new SecureRandom());
        assertThatThrownBy(() -> get(temporary(past))).hasMessage("ext.certificate.expiry < now");
        Certificate.Minted ok = mint("limited", LIMITED_TOKEN, Optional.empty(), List.of(), Duration.ofDays(31));
        Map<String, Object> tooLong = certificate(ok);
        tooLong.put("expiry", ((Number) tooLong.get("expiry")).longValue() + 1);
        assertThatThrownBy(() -> withExt("limited", ok.accessToken(), Map.of("certificate", tooLong)))
                .hasMessage("ext.certificate cannot last longer than 31 days!");
    }

    @Test
    void malformedCertificates_areRefusedInTaskclustersOrder() {
        Certificate.Minted ok = mint("limited", LIMITED_TOKEN, Optional.empty(), List.of("queue:a"), Duration.ofHours(1));
        Object[][] cases = {
            {"version", 2, "ext.certificate.version must be 1"},
            {"seed", 7, "ext.certificate.seed must be a string"},
            {"seed", "short", "ext.certificate.seed must be 44 characters"},
            {"start", "now", "ext.certificate.start must be a number"},
            {"expiry", null, "ext.certificate.expiry must be a number"},
            {"scopes", "queue:a", "ext.certificate.scopes must be an array"},
            {"scopes", List.of("ok", "caf\u00e9"), "ext.certificate.scopes must be an array of valid scopes"},
            {"clientId", "limited", "ext.certificate.clientId must only be used with ext.certificate.issuer"},
            {"issuer", "limited", "ext.certificate.issuer must differ from the supplied clientId"},
            {"issuer", 5, "ext.certificate.issuer must be a string"},
        };
        for (Object[] c : cases) {
            Map<String, Object> cert = certificate(ok);
            cert.put((String) c[0], c[1]);
            assertThatThrownBy(() -> withExt("limited", ok.accessToken(), Map.of("certificate", cert)))
                    .as("%s = %s", c[0], c[1]).hasMessage((String) c[2]);
        }
        assertThatThrownBy(() -> withExt("limited", ok.accessToken(), Map.of("certificate", "text")))
                .hasMessage("ext.certificate must be a JSON object");
    }

    @Test
    void temporaryCredentialsWithoutTheirCertificate_areABadMac() {
        Certificate.Minted minted = mint("limited", LIMITED_TOKEN, Optional.empty(), List.of(), Duration.ofHours(1));
        assertThatThrownBy(() -> get(HawkSigner.Credentials.permanent("limited", minted.accessToken())))
                .hasMessage("Unauthorized: Bad mac");
    }

    @Test
    void verifiedCertificates_areReused_onlyWhileNothingChanges() throws Exception {
        java.util.Map<String, HawkAuthenticator.Issuer> issuers = new java.util.HashMap<>();
        issuers.put("limited", HawkAuthenticator.Issuer.of("limited", LIMITED_TOKEN, List.of("queue:*"), LIMITED_EXPIRES, roles::resolve));
        HawkAuthenticator cached = new HawkAuthenticator(id -> {
            HawkAuthenticator.Issuer issuer = issuers.get(id);
            if (issuer == null) {
                throw HawkException.plain("Client with clientId '" + id + "' not found");
            }
            return issuer;
        }, roles::resolve, clock, ReplayGuard.NONE);
        Certificate.Minted minted = mint("limited", LIMITED_TOKEN, Optional.empty(), List.of("queue:a"), Duration.ofHours(1));
        HawkSigner.Credentials temp = temporary(minted);
        for (int i = 0; i < 3; i++) {
            assertThat(cached.authenticate(request("GET", URL), signer.header(temp, "GET", URL, Optional.empty()), Optional.empty())
                    .scopes()).contains("queue:a");
        }
        // The clock still counts: an expired certificate fails even when it was verified before.
        clock.advance(Duration.ofHours(1).plusMinutes(6));
        assertThatThrownBy(() -> cached.authenticate(request("GET", URL), signer.header(temp, "GET", URL, Optional.empty()),
                Optional.empty())).hasMessage("ext.certificate.expiry < now");
        clock.set(NOW);
        // A changed issuer (here a reset token) is a new object: the certificate is checked again.
        issuers.put("limited", HawkAuthenticator.Issuer.of("limited", "another-token-ccccccccccccccccccccccccccccc",
                List.of("queue:*"), LIMITED_EXPIRES, roles::resolve));
        assertThatThrownBy(() -> cached.authenticate(request("GET", URL), signer.header(temp, "GET", URL, Optional.empty()),
                Optional.empty())).hasMessage("ext.certificate.signature is not valid");
        // And a different Hawk id never gets another id's verification.
        issuers.put("limited", HawkAuthenticator.Issuer.of("limited", LIMITED_TOKEN, List.of("queue:*"), LIMITED_EXPIRES, roles::resolve));
        HawkSigner.Credentials other = new HawkSigner.Credentials("limited/x", minted.accessToken(), Optional.of(minted.certificate()),
                Optional.empty());
        assertThatThrownBy(() -> cached.authenticate(request("GET", URL), signer.header(other, "GET", URL, Optional.empty()),
                Optional.empty())).isInstanceOf(HawkException.class);
    }

    // ---- bewit ----

    @Test
    void signedUrl_worksForGetAndHead_untilItExpires() throws Exception {
        URI signed = signer.signedUrl(limited(), URI.create("http://localhost:8080/api/queue/v1/task/x/artifacts/a?x=1"),
                Duration.ofMinutes(15));
        assertThat(signed.getRawQuery()).startsWith("x=1&bewit=");
        HawkAuthenticator.Authenticated who = auth.authenticateBewit(request("GET", signed));
        assertThat(who.clientId()).isEqualTo("limited");
        assertThat(who.scheme()).isEqualTo(HawkAuthenticator.Scheme.BEWIT);
        assertThat(auth.authenticateBewit(request("HEAD", signed)).clientId()).isEqualTo("limited");
        assertThatThrownBy(() -> auth.authenticateBewit(request("POST", signed))).hasMessage("Unauthorized: Invalid method");
        clock.advance(Duration.ofMinutes(15));
        assertThatThrownBy(() -> auth.authenticateBewit(request("GET", signed))).hasMessage("Unauthorized: Access expired");
    }

    @Test
    void signedUrlWithTemporaryCredentials_carriesTheCertificate() throws Exception {
        Certificate.Minted minted = mint("limited", LIMITED_TOKEN, Optional.of("limited/t"), List.of("queue:a"), Duration.ofHours(1));
        URI signed = signer.signedUrl(temporary(minted), URI.create("http://localhost:8080/api/x"), Duration.ofMinutes(5));
        HawkAuthenticator.Authenticated who = auth.authenticateBewit(request("GET", signed));
        assertThat(who.clientId()).isEqualTo("limited/t");
        assertThat(who.scopes()).contains("queue:a");
    }

    @Test
    void malformedBewits_getHawksMessages() {
        String good = signer.signedUrl(limited(), URI.create("http://localhost:8080/p"), Duration.ofMinutes(5)).getRawQuery();
        String value = good.substring("bewit=".length());
        Object[][] cases = {
            {"/p?bewit=", "Unauthorized: Empty bewit"},
            {"/p?bewit=" + b64("a\\b\\c"), "Bad Request: Invalid bewit structure"},
            {"/p?bewit=abc+def", "Bad Request: Invalid bewit encoding"},
            {"/p?bewit=" + b64("\\" + (NOW.getEpochSecond() + 60) + "\\mac\\"), "Bad Request: Missing bewit attributes"},
            {"/p?bewit=" + value + "&extra=1", "Unauthorized: Bad mac"},
        };
        for (Object[] c : cases) {
            assertThatThrownBy(() -> auth.authenticateBewit(new HawkRequest("GET", (String) c[0], "localhost", 8080)))
                    .as((String) c[0]).hasMessage((String) c[1]);
        }
    }

    // ---- host and port ----

    @Test
    void hostAndPort_comeFromHostThenForwardedHeaders() throws Exception {
        assertThat(HawkRequest.fromHeaders("GET", "/", "example.com:8443", "9", "http", false).port()).isEqualTo(8443);
        assertThat(HawkRequest.fromHeaders("GET", "/", "example.com", "8443", "https", false).port()).isEqualTo(8443);
        assertThat(HawkRequest.fromHeaders("GET", "/", "example.com", null, "https", false).port()).isEqualTo(443);
        assertThat(HawkRequest.fromHeaders("GET", "/", "example.com", null, null, false).port()).isEqualTo(80);
        assertThat(HawkRequest.fromHeaders("GET", "/", "example.com", null, null, true).port()).isEqualTo(443);
        assertThat(HawkRequest.fromHeaders("GET", "/", "[::1]:8080", null, null, false).host()).isEqualTo("[::1]");
        assertThatThrownBy(() -> HawkRequest.fromHeaders("GET", "/", null, null, null, false))
                .hasMessage("Bad Request: Invalid Host header");
        assertThatThrownBy(() -> HawkRequest.fromHeaders("GET", "/", "example.com:http", null, null, false))
                .hasMessage("Bad Request: Invalid Host header");
    }

    // ---- helpers ----

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> certificate(Certificate.Minted minted) {
        return new LinkedHashMap<>((Map<String, Object>) Json.parse(minted.certificate()));
    }

    /** Signs a GET with a hand-made ext, so tests can send what no honest client would. */
    private HawkAuthenticator.Authenticated withExt(String id, String key, Map<String, Object> ext) throws HawkException {
        String encoded = Base64.getEncoder().encodeToString(Json.write(ext).getBytes(StandardCharsets.UTF_8));
        String ts = Long.toString(clock.instant().getEpochSecond());
        String nonce = "n" + System.nanoTime();
        String mac = Hawk.mac(key, Hawk.Type.HEADER, ts, nonce, "GET", HawkSigner.resource(URL), "localhost", 8080, null, encoded);
        String header = new HawkHeader(id, ts, nonce, Optional.empty(), Optional.of(encoded), mac).toHeaderValue();
        return auth.authenticate(request("GET", URL), header, Optional.empty());
    }
}
