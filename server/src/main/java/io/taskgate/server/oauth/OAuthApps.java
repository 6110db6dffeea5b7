package io.taskgate.server.oauth;

import io.taskgate.scopes.Json;
import io.taskgate.scopes.Scopes;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The third-party apps registered for the authorization code flow ({@code TASKGATE_OAUTH_APPS}):
 * a JSON array of {@code {clientId, name, redirectUris, scopes, maxLifetimeHours, skipConsent?}}.
 * Every error names the entry and the field at fault, such as
 * {@code TASKGATE_OAUTH_APPS[1].redirectUris[0]}.
 */
public record OAuthApps(List<OAuthApp> apps) {

    /** No apps: the authorization endpoint knows no client, and the metadata does not advertise it. */
    public static final OAuthApps NONE = new OAuthApps(List.of());
    /** The longest credentials an app may be given, as for the Access Grant (Taskcluster's limit). */
    public static final Duration MAX_LIFETIME = Duration.ofDays(31);

    private static final String VARIABLE = "TASKGATE_OAUTH_APPS";
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Set<String> FIELDS = Set.of("clientId", "name", "redirectUris", "scopes", "maxLifetimeHours", "skipConsent");
    /** Longer URIs would not fit, with a code and a state, in the Location header browsers accept. */
    private static final int MAX_URI = 2048;

    public OAuthApps {
        apps = List.copyOf(apps);
    }

    /** The app registered with {@code clientId}. */
    public Optional<OAuthApp> find(String clientId) {
        return apps.stream().filter(a -> a.clientId().equals(clientId)).findFirst();
    }

    public boolean isEmpty() {
        return apps.isEmpty();
    }

    /**
     * Reads the configuration.
     *
     * @throws IllegalArgumentException naming the entry and field at fault
     */
    public static OAuthApps parse(String json) {
        Object tree;
        try {
            tree = Json.parse(json);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(VARIABLE + " is not valid JSON: " + e.getMessage());
        }
        if (!(tree instanceof List<?> list)) {
            throw new IllegalArgumentException(VARIABLE + " must be a JSON array of apps");
        }
        List<OAuthApp> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String at = VARIABLE + "[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> m)) {
                throw new IllegalArgumentException(at + " must be an object");
            }
            for (Object key : m.keySet()) {
                if (!FIELDS.contains(key)) {
                    throw new IllegalArgumentException(at + "." + key + " is not a known field; the fields are " + String.join(", ",
                            List.of("clientId", "name", "redirectUris", "scopes", "maxLifetimeHours", "skipConsent")));
                }
            }
            if (!(m.get("clientId") instanceof String id) || !CLIENT_ID.matcher(id).matches()) {
                throw new IllegalArgumentException(at + ".clientId must be 1 to 64 characters of [A-Za-z0-9_-]");
            }
            if (!seen.add(id)) {
                throw new IllegalArgumentException(at + ".clientId " + id + " appears twice");
            }
            if (!(m.get("name") instanceof String name) || name.isBlank() || name.length() > 100) {
                throw new IllegalArgumentException(at + ".name must be a name of 1 to 100 characters, shown to people on the consent page");
            }
            List<String> uris = strings(m.get("redirectUris"), at + ".redirectUris", "an array of redirect URIs");
            if (uris.isEmpty()) {
                throw new IllegalArgumentException(at + ".redirectUris must name at least one redirect URI");
            }
            for (int u = 0; u < uris.size(); u++) {
                checkRedirect(uris.get(u), at + ".redirectUris[" + u + "]");
            }
            List<String> scopes = strings(m.get("scopes"), at + ".scopes", "an array of scope patterns");
            for (int s = 0; s < scopes.size(); s++) {
                if (!Scopes.isAssignable(scopes.get(s))) {
                    throw new IllegalArgumentException(at + ".scopes[" + s + "] must be printable ASCII and not end in **");
                }
            }
            if (!(m.get("maxLifetimeHours") instanceof Double hours) || hours != Math.rint(hours) || hours < 1
                    || hours > MAX_LIFETIME.toHours()) {
                throw new IllegalArgumentException(at + ".maxLifetimeHours must be a whole number of hours from 1 to "
                        + MAX_LIFETIME.toHours() + " (31 days)");
            }
            Object skip = m.containsKey("skipConsent") ? m.get("skipConsent") : Boolean.FALSE;
            if (!(skip instanceof Boolean skipConsent)) {
                throw new IllegalArgumentException(at + ".skipConsent must be true or false");
            }
            out.add(new OAuthApp(id, name.strip(), uris, scopes, Duration.ofHours(hours.longValue()), skipConsent));
        }
        return new OAuthApps(out);
    }

    private static List<String> strings(Object value, String at, String what) {
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException(at + " must be " + what);
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String s)) {
                throw new IllegalArgumentException(at + "[" + i + "] must be a string");
            }
            out.add(s);
        }
        return out;
    }

    /**
     * A redirect URI must be absolute, without a fragment (RFC 6749 §3.1.2) or user information
     * (which exists to mislead the reader), and https, or http on the loopback for development and
     * native apps (RFC 8252 §7.3).
     */
    private static void checkRedirect(String uri, String at) {
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(at + " is not a valid URI");
        }
        String scheme = Optional.ofNullable(parsed.getScheme()).map(s -> s.toLowerCase(Locale.ROOT)).orElse("");
        String host = Optional.ofNullable(parsed.getHost()).map(h -> h.toLowerCase(Locale.ROOT)).orElse("");
        boolean loopback = host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
        if (!parsed.isAbsolute() || host.isEmpty() || parsed.getRawUserInfo() != null
                || !(scheme.equals("https") || scheme.equals("http") && loopback)) {
            throw new IllegalArgumentException(at + " must be https://…, or http://localhost… or http://127.0.0.1… for development, "
                    + "with a host and no user name");
        }
        if (parsed.getRawFragment() != null) {
            throw new IllegalArgumentException(at + " must not have a #fragment (RFC 6749 §3.1.2)");
        }
        if (uri.length() > MAX_URI) {
            throw new IllegalArgumentException(at + " is longer than " + MAX_URI + " characters");
        }
    }
}
