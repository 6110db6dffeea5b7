package io.taskgate.hawk;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Hawk bewit: the credentials of a signed URL, {@code bewit=base64url(id\exp\mac\ext)} in the
 * query, valid for GET and HEAD until {@code exp} (unix seconds). Its MAC covers type {@code bewit},
 * ts = exp, an empty nonce, method GET and the resource without the bewit parameter.
 */
public record Bewit(String id, long exp, String mac, String ext, String resourceWithoutBewit) {

    private static final Pattern IN_RESOURCE = Pattern.compile("^(/.*)([?&])bewit=([^&$]*)(?:&(.+))?$");
    private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]*");
    private static final int MAX_RESOURCE = 4096;

    /** True when the resource carries a bewit parameter. */
    public static boolean present(String resource) {
        return resource.startsWith("/") && (resource.contains("?bewit=") || resource.contains("&bewit="));
    }

    /** Reads the bewit from a resource, with Hawk's messages for every malformation. */
    public static Bewit parse(String resource) throws HawkException {
        if (resource.length() > MAX_RESOURCE) {
            throw HawkException.badRequest("Resource path exceeds max length");
        }
        Matcher m = IN_RESOURCE.matcher(resource);
        if (!m.matches()) {
            throw HawkException.plain("Unauthorized");
        }
        if (m.group(3).isEmpty()) {
            throw HawkException.unauthorized("Empty bewit");
        }
        String decoded;
        try {
            if (!BASE64URL.matcher(m.group(3)).matches()) {
                throw new IllegalArgumentException("not base64url");
            }
            decoded = new String(Base64.getUrlDecoder().decode(m.group(3)), StandardCharsets.ISO_8859_1);
        } catch (IllegalArgumentException e) {
            throw HawkException.badRequest("Invalid bewit encoding");
        }
        String[] parts = decoded.split("\\\\", -1);
        if (parts.length != 4) {
            throw HawkException.badRequest("Invalid bewit structure");
        }
        long exp;
        try {
            exp = Long.parseLong(parts[1]);
        } catch (NumberFormatException e) {
            exp = 0;
        }
        if (parts[0].isEmpty() || exp == 0 || parts[2].isEmpty()) {
            throw HawkException.badRequest("Missing bewit attributes");
        }
        String rest = m.group(4);
        String without = m.group(1) + (rest != null ? m.group(2) + rest : "");
        return new Bewit(parts[0], exp, parts[2], parts[3], without);
    }

    /** The ext as the MAC covers it, or empty. */
    public Optional<String> extValue() {
        return ext.isEmpty() ? Optional.empty() : Optional.of(ext);
    }

    /** The MAC this bewit should carry, for the given key, host and port. */
    public String expectedMac(String key, String host, int port) {
        return Hawk.mac(key, Hawk.Type.BEWIT, Long.toString(exp), "", "GET", resourceWithoutBewit, host, port, null, ext);
    }

    /**
     * Makes the bewit value for a signed URL to {@code resource} (path and query, as it will be
     * sent) at host and port, expiring at {@code exp} unix seconds.
     */
    public static String create(String id, String key, String resource, String host, int port, long exp, String ext) {
        String e = ext == null ? "" : ext;
        String mac = Hawk.mac(key, Hawk.Type.BEWIT, Long.toString(exp), "", "GET", resource, host, port, null, e);
        String raw = id + "\\" + exp + "\\" + mac + "\\" + e;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }
}
