package io.taskgate.hawk;

import io.taskgate.scopes.ScopeSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Authenticates Hawk requests as Taskcluster's auth service does ({@code signaturevalidator.js} on
 * top of Hawk 9), with Taskgate's replay protection: parse the header, read ext, load the issuing
 * client, apply the certificate and authorizedScopes, check the MAC, the payload hash, the
 * timestamp (±15 minutes) and the nonce. Failures are {@link HawkException}s in Taskcluster's words.
 */
public final class HawkAuthenticator {

    /** Taskcluster's allowed clock skew (Hawk's own default is 60 s). */
    public static final Duration SKEW = Duration.ofMinutes(15);

    /**
     * A permanent client as the authenticator needs it: its key, its expanded scopes (which decide
     * what it may issue), the same expanded with {@code assume:anonymous} (what its own requests
     * get), and its expiry. Callers cache these per client, so a plain request resolves nothing.
     */
    public record Issuer(String clientId, String accessToken, ScopeSet scopes, ScopeSet requestScopes, Instant expires) {

        /** Expands a client's scopes both ways with {@code expand}. */
        public static Issuer of(String clientId, String accessToken, Collection<String> scopes, Instant expires,
                Function<Collection<String>, ScopeSet> expand) {
            return new Issuer(clientId, accessToken, expand.apply(scopes), expand.apply(withAnonymous(scopes)), expires);
        }
    }

    /** Loads permanent clients; fails with Taskcluster's message for unknown, disabled or expired ones. */
    @FunctionalInterface
    public interface Clients {
        Issuer load(String clientId) throws HawkException;
    }

    /** How the request was signed. */
    public enum Scheme { HAWK, BEWIT }

    /** Who made the request: the Hawk id, the expanded scopes, when the credentials expire, and the payload hash sent. */
    public record Authenticated(String clientId, ScopeSet scopes, Instant expires, Optional<String> hash, Scheme scheme) {}

    /** A request body, for checking the header's {@code hash}. */
    public record Payload(String contentType, byte[] body) {}

    private final Clients clients;
    private final Function<Collection<String>, ScopeSet> expand;
    private final Clock clock;
    private final ReplayGuard replay;

    public HawkAuthenticator(Clients clients, Function<Collection<String>, ScopeSet> expand, Clock clock, ReplayGuard replay) {
        this.clients = clients;
        this.expand = expand;
        this.clock = clock;
        this.replay = replay;
    }

    /**
     * Authenticates a request signed with an {@code Authorization: Hawk} header. When
     * {@code payload} is given and the header carries {@code hash}, the hash must match the body.
     */
    public Authenticated authenticate(HawkRequest request, String authorization, Optional<Payload> payload)
            throws HawkException {
        Instant now = clock.instant();
        HawkHeader header = HawkHeader.parse(authorization);
        Credentials credentials = load(header.id(), header.ext(), now);
        String expected = Hawk.mac(credentials.key, Hawk.Type.HEADER, header.ts(), header.nonce(), request.method(),
                request.resource(), request.host(), request.port(), header.hash().orElse(null), header.ext().orElse(null));
        if (!Hawk.constantTimeEquals(expected, header.mac())) {
            throw HawkException.unauthorized("Bad mac");
        }
        if (payload.isPresent() && header.hash().isPresent()) {
            String hash = Hawk.payloadHash(payload.get().contentType(), payload.get().body());
            if (!Hawk.constantTimeEquals(hash, header.hash().get())) {
                throw HawkException.unauthorized("Bad payload hash");
            }
        }
        long ts = timestamp(header.ts());
        if (Math.abs(ts * 1000 - now.toEpochMilli()) > SKEW.toMillis()) {
            throw HawkException.unauthorized("Stale timestamp");
        }
        if (!replay.firstUse(header.id(), ts, header.nonce())) {
            throw HawkException.unauthorized("Invalid nonce");
        }
        return new Authenticated(header.id(), credentials.scopes, credentials.expires, header.hash(), Scheme.HAWK);
    }

    /** Authenticates a GET or HEAD whose resource carries a bewit. */
    public Authenticated authenticateBewit(HawkRequest request) throws HawkException {
        Instant now = clock.instant();
        Bewit bewit = Bewit.parse(request.resource());
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            throw HawkException.unauthorized("Invalid method");
        }
        if (bewit.exp() * 1000 <= now.toEpochMilli()) {
            throw HawkException.unauthorized("Access expired");
        }
        Credentials credentials = load(bewit.id(), bewit.extValue(), now);
        if (!Hawk.constantTimeEquals(bewit.expectedMac(credentials.key, request.host(), request.port()), bewit.mac())) {
            throw HawkException.unauthorized("Bad mac");
        }
        return new Authenticated(bewit.id(), credentials.scopes, credentials.expires, Optional.empty(), Scheme.BEWIT);
    }

    private record Credentials(String key, ScopeSet scopes, Instant expires) {}

    /**
     * An ext already verified: for this Hawk id and this very issuer object, the certificate and
     * authorizedScopes checks came out as {@code credentials}. Clients hand out the same issuer
     * object until anything about the client or the roles changes, so identity means "nothing
     * changed". Only the time window depends on the clock; it is checked again on every use.
     */
    private record Verified(String hawkId, Issuer issuer, Optional<Certificate> certificate, Credentials credentials) {}

    private static final int VERIFIED_LIMIT = 10_000;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    /** Taskcluster's {@code loadCredentials}: the issuer's key and scopes, narrowed by ext. */
    private Credentials load(String hawkId, Optional<String> extValue, Instant now) throws HawkException {
        if (extValue.isEmpty()) {
            Issuer client = clients.load(hawkId);
            return new Credentials(client.accessToken(), client.requestScopes(), client.expires());
        }
        Verified known = verified.get(extValue.get());
        if (known != null && known.hawkId().equals(hawkId)) {
            Issuer current = clients.load(known.issuer().clientId());
            if (current == known.issuer()) {
                if (known.certificate().isPresent()) {
                    known.certificate().get().checkTimes(now);
                }
                return known.credentials();
            }
        }
        Ext ext = Ext.parse(extValue.get(), hawkId);
        String issuerId = ext.issuer().orElse(hawkId);
        Issuer issuer = clients.load(issuerId);
        Optional<Certificate> checkedCertificate = Optional.empty();
        String key = issuer.accessToken();
        Collection<String> scopes = issuer.scopes();
        Instant expires = issuer.expires();
        if (ext.certificate().isPresent()) {
            Certificate cert = Certificate.fromTree(ext.certificate().get());
            cert.checkTimes(now);
            if (!issuerId.equals(hawkId)) {
                String create = "auth:create-client:" + hawkId;
                if (!issuer.scopes().satisfies(create)) {
                    throw HawkException.plain("ext.certificate issuer `" + issuerId + "` doesn't have `" + create
                            + "` for supplied clientId.");
                }
            } else if (cert.hasClientId()) {
                throw HawkException.plain("ext.certificate.clientId must only be used with ext.certificate.issuer");
            }
            if (!issuer.scopes().satisfiesAll(cert.scopes())) {
                throw HawkException.plain("ext.certificate issuer `" + issuerId + "` doesn't satisfy all certificate scopes "
                        + String.join(", ", cert.scopes()) + ".  The temporary credentials were not generated correctly.");
            }
            if (!cert.signatureValid(hawkId, key)) {
                throw HawkException.plain(cert.issuer().isPresent()
                        ? "ext.certificate.signature is not valid, or wrong clientId provided"
                        : "ext.certificate.signature is not valid");
            }
            key = Certificate.temporaryKey(key, cert.seed());
            checkedCertificate = Optional.of(cert);
            Instant certExpiry = Instant.ofEpochMilli(cert.expiry());
            expires = certExpiry.isBefore(expires) ? certExpiry : expires;
            scopes = cert.scopes();
        }
        Optional<List<String>> authorized = ext.checkedAuthorizedScopes();
        if (authorized.isPresent()) {
            ScopeSet held = expand.apply(withAnonymous(scopes));
            if (!held.satisfiesAll(authorized.get())) {
                throw HawkException.plain("Supplied credentials do not satisfy authorizedScopes; credentials have scopes:\n\n```\n"
                        + String.join("\n", held) + "\n```\n\nauthorizedScopes are:\n\n```\n"
                        + String.join("\n", authorized.get()) + "\n```");
            }
            scopes = authorized.get();
        }
        Credentials credentials = new Credentials(key, expand.apply(withAnonymous(scopes)), expires);
        if (verified.size() >= VERIFIED_LIMIT) {
            verified.clear();
        }
        verified.put(extValue.get(), new Verified(hawkId, issuer, checkedCertificate, credentials));
        return credentials;
    }

    /** The scopes with {@code assume:anonymous} added, as every caller's scopes are before expansion. */
    public static List<String> withAnonymous(Collection<String> scopes) {
        List<String> all = new ArrayList<>(scopes.size() + 1);
        all.addAll(scopes);
        all.add("assume:anonymous");
        return all;
    }

    /** The header's ts as unix seconds; one that is not a number is as good as stale. */
    private static long timestamp(String ts) throws HawkException {
        if (ts.isEmpty() || ts.length() > 12) {
            throw HawkException.unauthorized("Stale timestamp");
        }
        long value = 0;
        for (int i = 0; i < ts.length(); i++) {
            char c = ts.charAt(i);
            if (c < '0' || c > '9') {
                throw HawkException.unauthorized("Stale timestamp");
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
