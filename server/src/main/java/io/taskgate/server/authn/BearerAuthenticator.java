package io.taskgate.server.authn;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import io.taskgate.hawk.HawkAuthenticator;
import io.taskgate.hawk.HawkException;
import io.taskgate.scopes.ScopeSet;
import io.taskgate.server.http.ApiError;
import io.taskgate.server.oauth.ExternalIssuer;
import io.taskgate.server.oauth.JwtVerifier;
import io.taskgate.server.oauth.KeyRing;
import io.taskgate.server.oauth.TokenGrant;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Authenticates {@code Authorization: Bearer <JWT>} (RFC 6750): tokens from Taskgate's own token
 * endpoint and from configured external issuers, picked by {@code iss}. Verified tokens are cached
 * by their SHA-256, so a token reused for its lifetime is verified once; what may change meanwhile
 * is checked on every request: the expiry, and for Taskgate's own tokens that the client still
 * exists, is enabled, has not had its accessToken reset since, and still holds the token's scopes. Scopes are expanded at use time, so role
 * changes apply at once. Every failure is a 401 with {@code invalid_token}.
 */
public final class BearerAuthenticator {

    /** The longest token accepted. Real access tokens are a few hundred bytes to a few kilobytes. */
    public static final int MAX_TOKEN = 8 * 1024;
    private static final Duration CACHE_TIME = Duration.ofMinutes(10);

    /** A token that passed verification: whose it is, the scopes it carries, and when it expires. */
    private record Verified(boolean local, String label, List<String> scopes, Instant issued, Instant expires) {}

    private final String issuer;
    private final JwtVerifier local;
    private final Map<String, ExternalIssuer> external;
    private final HawkAuthenticator.Clients clients;
    private final Function<String, Optional<Instant>> lastRotated;
    private final Function<Collection<String>, ScopeSet> expand;
    private final Clock clock;
    private final Cache<ByteBuffer, Verified> verified = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfterWrite(CACHE_TIME).build();

    /**
     * @param lastRotated when a client's accessToken was last set: our tokens issued before then
     *     are refused, since whoever held the old secret may have minted them
     */
    public BearerAuthenticator(String issuer, JwtVerifier local, List<ExternalIssuer> external, HawkAuthenticator.Clients clients,
            Function<String, Optional<Instant>> lastRotated, Function<Collection<String>, ScopeSet> expand, Clock clock) {
        this.issuer = issuer;
        this.local = local;
        this.external = external.stream().collect(java.util.stream.Collectors.toUnmodifiableMap(e -> e.settings().issuer(), e -> e));
        this.clients = clients;
        this.lastRotated = lastRotated;
        this.expand = expand;
        this.clock = clock;
    }

    /** The principal for {@code token}, or a 401 {@code invalid_token} saying why not. */
    public Principal authenticate(String token) {
        if (token.isEmpty()) {
            throw ApiError.invalidToken("The Bearer token is empty");
        }
        if (token.length() > MAX_TOKEN) {
            throw ApiError.invalidToken("The token is longer than " + MAX_TOKEN + " characters");
        }
        ByteBuffer key = ByteBuffer.wrap(sha256(token));
        Verified v = verified.getIfPresent(key);
        if (v == null) {
            v = verify(token);
            verified.put(key, v);
        }
        Instant now = clock.instant();
        if (!now.isBefore(v.expires().plus(KeyRing.LEEWAY))) { // as Nimbus counts the leeway on first verification
            throw ApiError.invalidToken("Expired JWT");
        }
        return v.local() ? localPrincipal(v) : new Principal(Optional.of(v.label()), expand.apply(HawkAuthenticator.withAnonymous(v.scopes())),
                v.expires(), Optional.empty(), "bearer");
    }

    private Principal localPrincipal(Verified v) {
        HawkAuthenticator.Issuer client;
        try {
            client = clients.load(v.label());
        } catch (HawkException e) {
            throw ApiError.invalidToken(e.getMessage());
        }
        // iat has whole seconds: a reset within the second a token was issued does not refuse it.
        if (lastRotated.apply(v.label()).filter(r -> r.truncatedTo(ChronoUnit.SECONDS).isAfter(v.issued())).isPresent()) {
            throw ApiError.invalidToken("The client's accessToken was reset after this token was issued");
        }
        ScopeSet scopes;
        if (v.scopes().equals(List.of(TokenGrant.allOf(v.label())))) {
            scopes = client.requestScopes();
        } else if (client.scopes().satisfiesAll(v.scopes())) {
            scopes = expand.apply(HawkAuthenticator.withAnonymous(v.scopes()));
        } else {
            throw ApiError.invalidToken("The client no longer holds the scopes this token carries");
        }
        return new Principal(Optional.of(v.label()), scopes, v.expires(), Optional.empty(), "bearer");
    }

    private Verified verify(String token) {
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException e) {
            throw ApiError.invalidToken("The token is not a JWT: " + e.getMessage());
        }
        if (jwt instanceof EncryptedJWT) {
            throw ApiError.invalidToken("Encrypted tokens (JWE) are not accepted");
        }
        if (!(jwt instanceof SignedJWT signed)) {
            throw ApiError.invalidToken("Unsigned tokens (alg none) are not accepted");
        }
        String iss;
        try {
            iss = signed.getJWTClaimsSet().getIssuer();
        } catch (ParseException e) {
            throw ApiError.invalidToken("The token's claims are not a JSON object");
        }
        if (iss == null) {
            throw ApiError.invalidToken("The token has no iss claim");
        }
        try {
            if (iss.equals(issuer)) {
                return localToken(local.verify(signed));
            }
            ExternalIssuer from = external.get(iss);
            if (from == null) {
                throw ApiError.invalidToken("Tokens from issuer " + iss + " are not accepted here");
            }
            ExternalIssuer.Identity identity = from.identity(from.verifier().verify(signed));
            JWTClaimsSet claims = signed.getJWTClaimsSet();
            return new Verified(false, identity.label(), identity.scopes(), issued(claims), expires(claims));
        } catch (BadJOSEException | JOSEException | ParseException | IllegalArgumentException e) {
            throw ApiError.invalidToken(e.getMessage());
        }
    }

    private static Verified localToken(JWTClaimsSet claims) throws ParseException {
        String clientId = claims.getStringClaim("client_id");
        String scope = claims.getStringClaim("scope");
        if (clientId == null || scope == null) {
            throw new IllegalArgumentException("The token lacks client_id or scope");
        }
        if (claims.getIssueTime() == null) {
            throw new IllegalArgumentException("The token lacks iat");
        }
        return new Verified(true, clientId, List.of(scope.split(" ")), issued(claims), expires(claims));
    }

    private static Instant issued(JWTClaimsSet claims) {
        return claims.getIssueTime() == null ? Instant.EPOCH : claims.getIssueTime().toInstant();
    }

    private static Instant expires(JWTClaimsSet claims) {
        return claims.getExpirationTime().toInstant();
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
