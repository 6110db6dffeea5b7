package io.taskgate.hawk;

import io.taskgate.scopes.Scopes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The certificate of Taskcluster temporary credentials, carried in {@code ext.certificate}: scopes,
 * a validity window, a seed and the issuer's signature. The temporary accessToken is derived from
 * the issuer's accessToken and the seed, so credentials can be minted offline.
 */
public record Certificate(List<String> scopes, long start, long expiry, String seed, Object signature,
        Optional<String> issuer, boolean hasClientId) {

    /** How far a certificate's start may lie ahead, and its expiry behind, the server's clock. */
    public static final Duration CLOCK_ALLOWANCE = Duration.ofMinutes(5);
    /** The longest a certificate may last. */
    public static final Duration MAX_LIFETIME = Duration.ofDays(31);

    /** Reads and checks the shape of a certificate in Taskcluster's order, with its messages. */
    public static Certificate fromTree(Map<?, ?> cert) throws HawkException {
        if (!(cert.get("version") instanceof Double v) || v != 1) {
            throw HawkException.plain("ext.certificate.version must be 1");
        }
        if (!(cert.get("seed") instanceof String seed)) {
            throw HawkException.plain("ext.certificate.seed must be a string");
        }
        if (seed.length() != 44) {
            throw HawkException.plain("ext.certificate.seed must be 44 characters");
        }
        long start = integer(cert.get("start"), "ext.certificate.start must be a number");
        long expiry = integer(cert.get("expiry"), "ext.certificate.expiry must be a number");
        if (!(cert.get("scopes") instanceof List<?> list)) {
            throw HawkException.plain("ext.certificate.scopes must be an array");
        }
        List<String> scopes = new ArrayList<>(list.size());
        for (Object o : list) {
            if (!(o instanceof String s) || !Scopes.isValid(s)) {
                throw HawkException.plain("ext.certificate.scopes must be an array of valid scopes");
            }
            scopes.add(s);
        }
        Optional<String> issuer = cert.get("issuer") instanceof String s && !s.isEmpty() ? Optional.of(s) : Optional.empty();
        return new Certificate(List.copyOf(scopes), start, expiry, seed, cert.get("signature"), issuer,
                cert.containsKey("clientId"));
    }

    /**
     * Start and expiry as whole milliseconds. Taskcluster signs them as JavaScript prints them; we
     * accept integers only, which is what every client sends.
     */
    private static long integer(Object value, String message) throws HawkException {
        if (!(value instanceof Double d) || d != Math.rint(d) || Math.abs(d) > 9.007199254740992E15) {
            throw HawkException.plain(message);
        }
        return d.longValue();
    }

    /** Checks the validity window against {@code now}: started (give or take 5 minutes), not expired, at most 31 days. */
    public void checkTimes(Instant now) throws HawkException {
        long nowMs = now.toEpochMilli();
        long allowance = CLOCK_ALLOWANCE.toMillis();
        if (start > nowMs + allowance) {
            throw HawkException.plain("ext.certificate.start > now");
        }
        if (expiry < nowMs - allowance) {
            throw HawkException.plain("ext.certificate.expiry < now");
        }
        if (expiry - start > MAX_LIFETIME.toMillis()) {
            throw HawkException.plain("ext.certificate cannot last longer than 31 days!");
        }
    }

    /**
     * True when the signature is the issuer's. With no scopes, both the server's form (ending in
     * {@code scopes:}) and the JavaScript client's form (ending in {@code scopes:\n}) are accepted:
     * both are MACs under the issuer's key.
     */
    public boolean signatureValid(String hawkId, String issuerAccessToken) {
        if (!(signature instanceof String sig)) {
            return false;
        }
        byte[] given = sig.getBytes(StandardCharsets.UTF_8);
        String content = signedContent(hawkId, issuer.orElse(null), seed, start, expiry, scopes);
        if (MessageDigest.isEqual(given, sign(issuerAccessToken, content).getBytes(StandardCharsets.UTF_8))) {
            return true;
        }
        return scopes.isEmpty()
                && MessageDigest.isEqual(given, sign(issuerAccessToken, content + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** The message that Taskcluster signs: one {@code key:value} line each, scopes one per line, no final newline. */
    static String signedContent(String clientId, String issuer, String seed, long start, long expiry, List<String> scopes) {
        StringBuilder sb = new StringBuilder("version:1\n");
        if (issuer != null) {
            sb.append("clientId:").append(clientId).append('\n').append("issuer:").append(issuer).append('\n');
        }
        sb.append("seed:").append(seed).append('\n')
                .append("start:").append(start).append('\n')
                .append("expiry:").append(expiry).append('\n')
                .append("scopes:");
        for (String scope : scopes) {
            sb.append('\n').append(scope);
        }
        return sb.toString();
    }

    private static String sign(String key, String content) {
        return Base64.getEncoder().encodeToString(Hawk.hmac(key, content));
    }

    /** The temporary accessToken: {@code base64url_nopad(HMAC-SHA256(issuer's accessToken, seed))}. */
    public static String temporaryKey(String issuerAccessToken, String seed) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Hawk.hmac(issuerAccessToken, seed));
    }

    /**
     * Temporary credentials minted offline from permanent ones, as {@code createTemporaryCredentials}
     * does. With a {@code name}, they are named credentials issued by {@code issuerId}; without, their
     * clientId is the issuer's own.
     */
    public record Minted(String clientId, String accessToken, String certificate) {}

    /**
     * Mints temporary credentials. The certificate is signed in the server's form, which every
     * server accepts.
     *
     * @throws IllegalArgumentException when the window is empty, longer than 31 days, or a scope is invalid
     */
    public static Minted mint(String issuerId, String issuerAccessToken, Optional<String> name, List<String> scopes,
            Instant start, Instant expiry, SecureRandom random) {
        if (!expiry.isAfter(start)) {
            throw new IllegalArgumentException("expiry must be after start");
        }
        if (Duration.between(start, expiry).compareTo(MAX_LIFETIME) > 0) {
            throw new IllegalArgumentException("temporary credentials cannot last longer than 31 days");
        }
        for (String scope : scopes) {
            if (!Scopes.isValid(scope)) {
                throw new IllegalArgumentException("scopes must be printable ASCII");
            }
        }
        if (name.isPresent() && name.get().equals(issuerId)) {
            throw new IllegalArgumentException("a named credential must not take the issuer's clientId");
        }
        byte[] seedBytes = new byte[33];
        random.nextBytes(seedBytes);
        String seed = Base64.getUrlEncoder().encodeToString(seedBytes); // 44 characters
        String clientId = name.orElse(issuerId);
        String issuer = name.isPresent() ? issuerId : null;
        String content = signedContent(clientId, issuer, seed, start.toEpochMilli(), expiry.toEpochMilli(), scopes);
        Map<String, Object> cert = new LinkedHashMap<>();
        cert.put("version", 1);
        cert.put("scopes", List.copyOf(scopes));
        cert.put("start", start.toEpochMilli());
        cert.put("expiry", expiry.toEpochMilli());
        cert.put("seed", seed);
        cert.put("signature", sign(issuerAccessToken, content));
        if (issuer != null) {
            cert.put("issuer", issuer);
        }
        return new Minted(clientId, temporaryKey(issuerAccessToken, seed), io.taskgate.scopes.Json.write(cert));
    }
}
