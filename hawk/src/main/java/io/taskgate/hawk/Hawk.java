package io.taskgate.hawk;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Hawk's cryptography (mozilla/hawk 9, {@code lib/crypto.js}), always with SHA-256: the normalized
 * string a MAC covers, the MAC, the payload hash, and comparisons in constant time.
 */
public final class Hawk {

    /*
     * Requests run on fresh virtual threads, so thread-locals would be rebuilt for every request.
     * Instead, prototypes are cloned: a digest, and per key an HMAC whose key setup is done once.
     * The key cache is bounded; keys are held in memory by the client cache anyway.
     */
    private static final MessageDigest SHA256_PROTOTYPE;
    private static final Mac HMAC_PROTOTYPE;
    private static final int KEYED_CACHE_LIMIT = 10_000;
    private static final Map<String, Mac> KEYED = new ConcurrentHashMap<>();

    static {
        try {
            SHA256_PROTOTYPE = MessageDigest.getInstance("SHA-256");
            HMAC_PROTOTYPE = Mac.getInstance("HmacSHA256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK must provide SHA-256 and HmacSHA256", e);
        }
    }

    private Hawk() {}

    /** What a MAC is computed for: a request header, or a bewit in a signed URL. */
    public enum Type {
        HEADER("header"), BEWIT("bewit");

        final String word;

        Type(String word) {
            this.word = word;
        }
    }

    /**
     * The normalized string: {@code hawk.1.<type>}, ts, nonce, method (upper case), resource, host
     * (lower case), port, hash and ext (its first {@code \} and first newline escaped, as Hawk does),
     * each line ending in {@code \n}.
     */
    public static String normalized(Type type, String ts, String nonce, String method, String resource, String host,
            int port, String hash, String ext) {
        StringBuilder sb = new StringBuilder(128 + resource.length() + (ext == null ? 0 : ext.length()));
        sb.append("hawk.1.").append(type.word).append('\n')
                .append(ts).append('\n')
                .append(nonce).append('\n')
                .append(method.toUpperCase(Locale.ROOT)).append('\n')
                .append(resource).append('\n')
                .append(host.toLowerCase(Locale.ROOT)).append('\n')
                .append(port).append('\n')
                .append(hash == null ? "" : hash).append('\n');
        if (ext != null) {
            sb.append(replaceFirst(replaceFirst(ext, "\\", "\\\\"), "\n", "\\n"));
        }
        return sb.append('\n').toString();
    }

    /**
     * Hawk escapes ext with JavaScript's {@code String.replace} and a string pattern, which replaces
     * only the first occurrence; the MAC must match byte for byte, so we do the same.
     */
    private static String replaceFirst(String s, String target, String replacement) {
        int at = s.indexOf(target);
        return at < 0 ? s : s.substring(0, at) + replacement + s.substring(at + target.length());
    }

    /** {@code base64(HMAC-SHA256(key, normalized))}. The key is the accessToken's UTF-8 bytes. */
    public static String mac(String key, Type type, String ts, String nonce, String method, String resource, String host,
            int port, String hash, String ext) {
        return Base64.getEncoder().encodeToString(
                hmac(key, normalized(type, ts, nonce, method, resource, host, port, hash, ext)));
    }

    /**
     * {@code base64(SHA-256("hawk.1.payload\n" + mime + "\n" + body + "\n"))}, where mime is the
     * content type without parameters, trimmed and lower case.
     */
    public static String payloadHash(String contentType, byte[] body) {
        MessageDigest sha = clone(SHA256_PROTOTYPE);
        sha.update(("hawk.1.payload\n" + mimeType(contentType) + "\n").getBytes(StandardCharsets.UTF_8));
        sha.update(body);
        sha.update((byte) '\n');
        return Base64.getEncoder().encodeToString(sha.digest());
    }

    /** The media type of a Content-Type header, without parameters, lower case; "" when absent. */
    public static String mimeType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    /** HMAC-SHA256 of the UTF-8 message under the UTF-8 key. */
    public static byte[] hmac(String key, String message) {
        Mac keyed = KEYED.get(key);
        if (keyed == null) {
            keyed = clone(HMAC_PROTOTYPE);
            try {
                keyed.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            } catch (InvalidKeyException e) {
                throw new IllegalArgumentException("an HMAC key must not be empty", e);
            }
            if (KEYED.size() >= KEYED_CACHE_LIMIT) {
                KEYED.clear();
            }
            KEYED.put(key, keyed);
        }
        return clone(keyed).doFinal(message.getBytes(StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    private static <T> T clone(T prototype) {
        try {
            return (T) (prototype instanceof Mac m ? m.clone() : ((MessageDigest) prototype).clone());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 must be cloneable", e);
        }
    }

    /** Compares two strings in time that depends only on their lengths (never on where they differ). */
    public static boolean constantTimeEquals(String a, String b) {
        if (a.length() != b.length()) {
            return false;
        }
        int diff = 0;
        for (int i = 0; i < a.length(); i++) {
            diff |= a.charAt(i) ^ b.charAt(i);
        }
        return diff == 0;
    }
}
