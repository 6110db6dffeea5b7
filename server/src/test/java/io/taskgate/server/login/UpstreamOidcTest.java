package io.taskgate.server.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskgate.hawk.MutableClock;
import io.taskgate.server.identity.SecretBox;
import io.taskgate.server.login.UpstreamOidc.Begun;
import io.taskgate.server.login.UpstreamOidc.Failed;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sign-in through a real OpenID Provider (mock-oauth2-server, non-interactive: its authorization
 * endpoint redirects straight back with a code). Each kind of ID token has an issuer of its own on
 * the one server, so that the tests do not depend on each other's order.
 */
class UpstreamOidcTest {

    private static final URI REDIRECT = URI.create("https://taskgate.example/login/oidc/up/callback");
    private static final String CLIENT_ID = "taskgate-login";
    private static final String SECRET = "s3cret-that-must-not-leak";
    private static MockOAuth2Server idp;

    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private final SecureRandom random = new SecureRandom();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        // The token callbacks give each issuer's tokens their claims; aud in the claims overrides the client id.
        idp = new MockOAuth2Server(new OAuth2Config(false, null, null, false, new OAuth2TokenProvider(), Set.of(
                callback("people", "user-1", Map.of("email", "ada@example.com", "email_verified", true,
                        "groups", List.of("admins", "dev ops"))),
                callback("one-role", "user-2", Map.of("role", "reader")),
                callback("elsewhere", "user-3", Map.of("aud", List.of("another-app"))),
                callback("unverified", "user-4", Map.of("email", "eve@example.com", "email_verified", false)),
                callback("odd-groups", "user-5", Map.of("groups", List.of("ok", 7))))));
        idp.start();
    }

    private static DefaultOAuth2TokenCallback callback(String issuerId, String subject, Map<String, Object> claims) {
        return new DefaultOAuth2TokenCallback(issuerId, subject, "JWT", List.of("ignored"), claims, 3600L);
    }

    @AfterAll
    static void stop() {
        idp.shutdown();
    }

    private UpstreamOidc upstream(String issuerId, String identityClaim, String groupsClaim) {
        return new UpstreamOidc(new UpstreamOidcSettings("up", "Upstream", idp.issuerUrl(issuerId).toString(), CLIENT_ID, SECRET,
                List.of("openid", "profile", "email"), identityClaim, Optional.ofNullable(groupsClaim)), http, clock, random);
    }

    /** Follows the authorization URI as a browser would, up to the redirect back: the callback's query. */
    private Map<String, String> authorize(Begun begun) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(begun.authorizationUri()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
        URI location = URI.create(r.headers().firstValue("Location").orElseThrow());
        assertThat(location.getPath()).isEqualTo(REDIRECT.getPath());
        return query(location);
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> out = new HashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            out.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return out;
    }

    private static Begun with(Begun b, String nonce, String verifier) {
        return new Begun(b.provider(), b.authorizationUri(), b.state(), nonce, verifier, b.returnTo());
    }

    @Test
    void theAuthorizationRequest_carriesCodeFlowPkceStateAndNonce() throws Exception {
        Begun begun = upstream("people", "email", "groups").begin(REDIRECT);
        Map<String, String> q = query(begun.authorizationUri());
        assertThat(begun.authorizationUri().toString()).startsWith(idp.authorizationEndpointUrl("people").toString() + "?");
        assertThat(q).containsEntry("response_type", "code").containsEntry("client_id", CLIENT_ID)
                .containsEntry("redirect_uri", REDIRECT.toString()).containsEntry("scope", "openid profile email")
                .containsEntry("state", begun.state()).containsEntry("nonce", begun.nonce())
                .containsEntry("code_challenge_method", "S256");
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(begun.verifier().getBytes(StandardCharsets.US_ASCII)));
        assertThat(q).containsEntry("code_challenge", challenge);
        assertThat(begun.verifier()).hasSize(43);
        // Every sign-in gets values of its own.
        Begun again = upstream("people", "email", "groups").begin(REDIRECT);
        assertThat(Set.of(again.state(), again.nonce(), again.verifier())).doesNotContain(begun.state(), begun.nonce(), begun.verifier());
    }

    @Test
    void theFullFlow_yieldsTheConfiguredClaimsIdentity_andGroups_usingBasicAuthAndTheVerifier() throws Exception {
        UpstreamOidc upstream = upstream("people", "email", "groups");
        Begun begun = upstream.begin(REDIRECT).withReturnTo("/login?target=x");
        Map<String, String> callback = authorize(begun);
        assertThat(begun.stateMatches(callback.get("state"))).isTrue();
        assertThat(begun.stateMatches(callback.get("state") + "x")).isFalse();
        assertThat(begun.stateMatches(null)).isFalse();

        LoginIdentity who = upstream.finish(REDIRECT, begun, callback.get("code"));

        assertThat(who).isEqualTo(new LoginIdentity("up", "ada@example.com", List.of("admins", "dev ops")));
        assertThat(who.identity()).isEqualTo("up/ada@example.com");
        RecordedRequest token = tokenRequest("people");
        assertThat(token.getHeader("Authorization")).isEqualTo("Basic " + Base64.getEncoder().encodeToString(
                (CLIENT_ID + ":" + SECRET).getBytes(StandardCharsets.UTF_8)));
        String form = token.getBody().readUtf8();
        assertThat(form).contains("grant_type=authorization_code", "code_verifier=" + begun.verifier()).doesNotContain(SECRET);
    }

    /** The last token request the IdP received for an issuer. */
    private static RecordedRequest tokenRequest(String issuerId) throws InterruptedException {
        RecordedRequest found = null;
        while (true) {
            RecordedRequest r;
            try {
                r = idp.takeRequest(50, TimeUnit.MILLISECONDS);
            } catch (RuntimeException none) {
                break; // the queue is empty; every request was recorded before finish returned
            }
            if (("/" + issuerId + "/token").equals(r.getPath())) {
                found = r;
            }
        }
        assertThat(found).as("a token request to " + issuerId).isNotNull();
        return found;
    }

    @Test
    void aSingleStringGroup_isOneGroup_andSubIsTheDefaultIdentity() throws Exception {
        UpstreamOidc upstream = upstream("one-role", "sub", "role");
        Begun begun = upstream.begin(REDIRECT);
        assertThat(upstream.finish(REDIRECT, begun, authorize(begun).get("code")))
                .isEqualTo(new LoginIdentity("up", "user-2", List.of("reader")));
    }

    @Test
    void anAbsentGroupsClaim_meansNoGroups_butAGroupThatIsNotAString_isRefused() throws Exception {
        UpstreamOidc none = upstream("one-role", "sub", "groups");
        Begun begun = none.begin(REDIRECT);
        assertThat(none.finish(REDIRECT, begun, authorize(begun).get("code")).groups()).isEmpty();

        UpstreamOidc odd = upstream("odd-groups", "sub", "groups");
        Begun b2 = odd.begin(REDIRECT);
        String code = authorize(b2).get("code");
        assertThatThrownBy(() -> odd.finish(REDIRECT, b2, code)).isInstanceOf(Failed.class).hasMessageContaining("not a string");
    }

    @Test
    void aMissingIdentityClaim_isRefused() throws Exception {
        UpstreamOidc upstream = upstream("one-role", "email", null);
        Begun begun = upstream.begin(REDIRECT);
        String code = authorize(begun).get("code");
        assertThatThrownBy(() -> upstream.finish(REDIRECT, begun, code)).isInstanceOf(Failed.class)
                .hasMessageContaining("no claim 'email'");
    }

    @Test
    void anEmailTheProviderHasNotVerified_isRefused() throws Exception {
        UpstreamOidc upstream = upstream("unverified", "email", null);
        Begun begun = upstream.begin(REDIRECT);
        String code = authorize(begun).get("code");
        assertThatThrownBy(() -> upstream.finish(REDIRECT, begun, code)).isInstanceOf(Failed.class).hasMessageContaining("verified");
    }

    @Test
    void aNonceOtherThanTheOneSent_isRefused() throws Exception {
        UpstreamOidc upstream = upstream("people", "email", "groups");
        Begun begun = upstream.begin(REDIRECT);
        String code = authorize(begun).get("code");
        Begun tampered = with(begun, "a-nonce-of-another-sign-in", begun.verifier());
        assertThatThrownBy(() -> upstream.finish(REDIRECT, tampered, code)).isInstanceOf(Failed.class).hasMessageContaining("nonce");
    }

    @Test
    void aCodeUsedTwice_isRefused_andTheMessageHoldsNoCodeOrSecret() throws Exception {
        UpstreamOidc upstream = upstream("people", "email", "groups");
        Begun begun = upstream.begin(REDIRECT);
        String code = authorize(begun).get("code");
        upstream.finish(REDIRECT, begun, code);
        assertThatThrownBy(() -> upstream.finish(REDIRECT, begun, code)).isInstanceOf(Failed.class)
                .hasMessageContaining("refused the sign-in (invalid_grant)")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(code, SECRET, begun.verifier()));
    }

    @Test
    void theWrongCodeVerifier_isRefused() throws Exception {
        UpstreamOidc upstream = upstream("people", "email", "groups");
        Begun begun = upstream.begin(REDIRECT);
        String code = authorize(begun).get("code");
        Begun other = with(begun, begun.nonce(), upstream.begin(REDIRECT).verifier());
        assertThatThrownBy(() -> upstream.finish(REDIRECT, other, code)).isInstanceOf(Failed.class)
                .hasMessageContaining("refused the sign-in (invalid_grant)");
    }

    @Test
    void anIdTokenForAnotherAudience_isRefused() throws Exception {
        UpstreamOidc upstream = upstream("elsewhere", "sub", null);
        Begun begun = upstream.begin(REDIRECT);
        String code = authorize(begun).get("code");
        assertThatThrownBy(() -> upstream.finish(REDIRECT, begun, code)).isInstanceOf(Failed.class).hasMessageContaining("aud");
    }

    @Test
    void anIdTokenExpiredByOurClock_isRefused() throws Exception {
        UpstreamOidc upstream = upstream("people", "email", "groups");
        Begun begun = upstream.begin(REDIRECT);
        String code = authorize(begun).get("code");
        clock.advance(Duration.ofHours(2)); // the token lives 1 h; the leeway is 60 s
        assertThatThrownBy(() -> upstream.finish(REDIRECT, begun, code)).isInstanceOf(Failed.class).hasMessageContaining("xpired");
    }

    @Test
    void anIdTokenIssuedInOurFuture_isRefused() throws Exception {
        UpstreamOidc upstream = upstream("people", "email", "groups");
        Begun begun = upstream.begin(REDIRECT);
        String code = authorize(begun).get("code");
        clock.advance(Duration.ofMinutes(-5)); // beyond the 60 s leeway
        assertThatThrownBy(() -> upstream.finish(REDIRECT, begun, code)).isInstanceOf(Failed.class)
                .hasMessageContaining("was refused");
    }

    @Test
    void aSignInBegunWithAnotherProvider_isRefused() throws Exception {
        UpstreamOidc upstream = upstream("people", "email", "groups");
        Begun begun = upstream.begin(REDIRECT);
        Begun foreign = new Begun("other", begun.authorizationUri(), begun.state(), begun.nonce(), begun.verifier(), "");
        assertThatThrownBy(() -> upstream.finish(REDIRECT, foreign, "code")).isInstanceOf(Failed.class)
                .hasMessageContaining("another provider");
    }

    @Test
    void aDiscoveryDocumentNamingAnotherIssuer_makesSignInUnavailable() {
        // With a trailing slash the configured issuer differs from the "…/people" the document names.
        UpstreamOidc upstream = new UpstreamOidc(new UpstreamOidcSettings("up", "Upstream", idp.issuerUrl("people") + "/", CLIENT_ID,
                SECRET, List.of("openid"), "sub", Optional.empty()), http, clock, random);
        assertThatThrownBy(() -> upstream.begin(REDIRECT)).isInstanceOf(Failed.class).hasMessageContaining("not available");
    }

    @Test
    void anUnreachableProvider_makesSignInUnavailable() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        UpstreamOidc upstream = new UpstreamOidc(new UpstreamOidcSettings("up", "Upstream", "http://127.0.0.1:" + closed + "/x", CLIENT_ID,
                SECRET, List.of("openid"), "sub", Optional.empty()), http, clock, random);
        assertThatThrownBy(() -> upstream.begin(REDIRECT)).isInstanceOf(Failed.class).hasMessageContaining("not available");
    }

    // Sealing: no IdP needed.

    private final SecretBox box = new SecretBox(new byte[32], random);
    private final Begun sample = new Begun("up", URI.create("https://idp.example/authorize?state=s"), "state-1", "nonce-1",
            "verifier-verifier-verifier-verifier-verifie", "/login?target=https%3A%2F%2Fapp.example%2F");

    @Test
    void aSealedBegun_opensAsItWas_untilItExpires() {
        Instant now = clock.instant();
        String sealed = sample.seal(box, now);
        assertThat(sealed).matches("[A-Za-z0-9_-]+").doesNotContain("state-1");
        assertThat(Begun.unseal(box, "up", sealed, now)).contains(sample);
        assertThat(Begun.unseal(box, "up", sealed, now.plus(UpstreamOidc.PENDING_TIME_TO_LIVE))).contains(sample);
        assertThat(Begun.unseal(box, "up", sealed, now.plus(UpstreamOidc.PENDING_TIME_TO_LIVE).plusSeconds(1))).isEmpty();
    }

    @Test
    void aSealedBegun_thatWasAltered_orSealedUnderAnotherKey_orForAnotherProvider_doesNotOpen() {
        Instant now = clock.instant();
        String sealed = sample.seal(box, now);
        char[] chars = sealed.toCharArray();
        chars[chars.length / 2] = chars[chars.length / 2] == 'A' ? 'B' : 'A';
        assertThat(Begun.unseal(box, "up", new String(chars), now)).isEmpty();
        assertThat(Begun.unseal(box, "up", sealed.substring(0, sealed.length() - 2), now)).isEmpty();
        byte[] otherKey = new byte[32];
        otherKey[0] = 1;
        assertThat(Begun.unseal(new SecretBox(otherKey, random), "up", sealed, now)).isEmpty();
        assertThat(Begun.unseal(box, "other", sealed, now)).isEmpty();
        for (String junk : new String[] {null, "", "abc", "!!!", "A".repeat(20_000)}) {
            assertThat(Begun.unseal(box, "up", junk, now)).isEmpty();
        }
    }

    @Test
    void aBegunsToString_leavesOutItsSecrets() {
        assertThat(sample.toString()).doesNotContain("state-1", "nonce-1", "verifier-");
    }
}
