package io.taskgate.hawk;

import io.taskgate.scopes.Json;
import io.taskgate.scopes.Scopes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Taskcluster's Hawk {@code ext}: base64 of the JSON object
 * {@code {"certificate"?: {...}, "authorizedScopes"?: [...]}}. The certificate names the issuer
 * whose key signs the request, so ext is read before the MAC is checked.
 */
public record Ext(Optional<Map<?, ?>> certificate, Optional<Object> authorizedScopes, Optional<String> issuer) {

    /**
     * Parsed ext values, by their text: the same temporary credentials send the same ext on every
     * request. Bounded; the trees are never modified. Only parsing is cached; every check still runs.
     */
    private static final int PARSED_LIMIT = 10_000;
    private static final Map<String, Object> PARSED = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Reads ext for a request whose Hawk id is {@code hawkId}, with Taskcluster's messages: the ext
     * must decode to JSON, and a certificate's issuer must be a string other than the Hawk id.
     * A certificate that is not an object fails later, in {@link Certificate#fromTree}.
     */
    public static Ext parse(String ext, String hawkId) throws HawkException {
        Object tree = PARSED.get(ext);
        if (tree == null) {
            try {
                tree = Json.parse(new String(decodeBase64(ext), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw HawkException.plain("Failed to parse ext");
            }
            if (PARSED.size() >= PARSED_LIMIT) {
                PARSED.clear();
            }
            PARSED.put(ext, tree);
        }
        if (!(tree instanceof Map<?, ?> map)) {
            throw HawkException.plain("Failed to parse ext");
        }
        Object certificate = truthy(map.get("certificate")) ? map.get("certificate") : null;
        Object authorized = truthy(map.get("authorizedScopes")) ? map.get("authorizedScopes") : null;
        String issuer = null;
        if (certificate instanceof Map<?, ?> cert && truthy(cert.get("issuer"))) {
            if (!(cert.get("issuer") instanceof String s)) {
                throw HawkException.plain("ext.certificate.issuer must be a string");
            }
            if (s.equals(hawkId)) {
                throw HawkException.plain("ext.certificate.issuer must differ from the supplied clientId");
            }
            issuer = s;
        }
        if (certificate != null && !(certificate instanceof Map)) {
            throw HawkException.plain("ext.certificate must be a JSON object");
        }
        return new Ext(Optional.ofNullable((Map<?, ?>) certificate), Optional.ofNullable(authorized), Optional.ofNullable(issuer));
    }

    /** The authorizedScopes, checked: an array of valid scopes. */
    public Optional<List<String>> checkedAuthorizedScopes() throws HawkException {
        if (authorizedScopes.isEmpty()) {
            return Optional.empty();
        }
        if (!(authorizedScopes.get() instanceof List<?> list)) {
            throw HawkException.plain("ext.authorizedScopes must be an array");
        }
        List<String> scopes = new ArrayList<>(list.size());
        for (Object o : list) {
            if (!(o instanceof String s) || !Scopes.isValid(s)) {
                throw HawkException.plain("ext.authorizedScopes must be an array of valid scopes");
            }
            scopes.add(s);
        }
        return Optional.of(scopes);
    }

    /** Encodes an ext as clients send it; either part may be null. */
    public static String encode(Map<String, Object> certificate, List<String> authorizedScopes) {
        Map<String, Object> ext = new LinkedHashMap<>();
        if (certificate != null) {
            ext.put("certificate", certificate);
        }
        if (authorizedScopes != null) {
            ext.put("authorizedScopes", authorizedScopes);
        }
        return Base64.getEncoder().encodeToString(Json.write(ext).getBytes(StandardCharsets.UTF_8));
    }

    /** JavaScript truthiness, which decides in Taskcluster whether a part is there at all. */
    private static boolean truthy(Object o) {
        return o != null && !Boolean.FALSE.equals(o) && !"".equals(o)
                && !(o instanceof Double d && (d == 0 || d.isNaN()));
    }

    /** Decodes base64 as Node's Buffer does: either alphabet, padding optional. */
    private static byte[] decodeBase64(String s) {
        String standard = s.replace('-', '+').replace('_', '/');
        int pad = (4 - standard.length() % 4) % 4;
        if (pad == 3) {
            throw new IllegalArgumentException("bad base64 length");
        }
        return Base64.getDecoder().decode(standard.endsWith("=") ? standard : standard + "=".repeat(pad));
    }
}
