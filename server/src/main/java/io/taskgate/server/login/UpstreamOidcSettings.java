package io.taskgate.server.login;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One outside OpenID Provider that people may sign in with, as configured in
 * {@code TASKGATE_LOGIN_OIDC}: its provider name (the {@code <provider>} of their login
 * identities), the button's label, the issuer, this server's client registration there, the
 * scopes asked for, and which ID-token claims name the person and list their groups.
 *
 * @param name the provider name, as {@link LoginIdentity} allows; also the path segment of the
 *     callback, {@code /login/oidc/<name>/callback}
 * @param displayName the sign-in button's label
 * @param issuer the exact {@code iss} of its ID tokens; https, or http for localhost only
 * @param scopes the scopes requested; {@code openid} is always among them
 * @param identityClaim the string claim whose value becomes the login name
 * @param groupsClaim the claim holding the groups (a list of strings, or one string), if any
 */
public record UpstreamOidcSettings(String name, String displayName, String issuer, String clientId, String clientSecret,
        List<String> scopes, String identityClaim, Optional<String> groupsClaim) {

    /** The environment variable that holds the list. */
    public static final String VARIABLE = "TASKGATE_LOGIN_OIDC";

    private static final String DEFAULT_SCOPES = "openid profile email";
    private static final Set<String> KEYS = Set.of("name", "displayName", "issuer", "clientId", "clientSecret", "scopes",
            "identityClaim", "groupsClaim");
    /**
     * Names the other sources of authority use. An upstream named {@code local} would hand out
     * Taskgate's own, unprefixed group scopes (see {@link LoginIdentity#scopes}).
     */
    private static final Set<String> RESERVED = Set.of(LoginIdentity.LOCAL, "ldap");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Checks every field; a message starts with the field's name, so that {@link #parse} can say where. */
    public UpstreamOidcSettings {
        if (name == null || !name.matches("[a-z0-9][a-z0-9_-]{0,31}")) {
            throw new IllegalArgumentException("name must be 1 to 32 characters of [a-z0-9_-], starting with a letter or digit");
        }
        if (RESERVED.contains(name)) {
            throw new IllegalArgumentException("name '" + name + "' is reserved for another source of authority");
        }
        if (displayName == null || displayName.isBlank() || displayName.length() > 100) {
            throw new IllegalArgumentException("displayName must be 1 to 100 characters");
        }
        checkIssuer(issuer);
        if (clientId == null || clientId.isEmpty()) {
            throw new IllegalArgumentException("clientId is required");
        }
        if (clientSecret == null || clientSecret.isEmpty()) {
            throw new IllegalArgumentException("clientSecret is required");
        }
        scopes = List.copyOf(scopes);
        if (!scopes.contains("openid")) {
            throw new IllegalArgumentException("scopes must include openid");
        }
        for (String scope : scopes) {
            // RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
            if (!scope.matches("[\\x21\\x23-\\x5B\\x5D-\\x7E]+")) {
                throw new IllegalArgumentException("scopes holds '" + scope + "', which is not an OAuth scope");
            }
        }
        if (identityClaim == null || identityClaim.isEmpty()) {
            throw new IllegalArgumentException("identityClaim must not be empty");
        }
        Objects.requireNonNull(groupsClaim, "groupsClaim");
        if (groupsClaim.isPresent() && groupsClaim.get().isEmpty()) {
            throw new IllegalArgumentException("groupsClaim must not be empty; leave it out for no groups");
        }
    }

    private static void checkIssuer(String issuer) {
        String rule = "issuer must be an https URL (http only for localhost)";
        URI uri;
        try {
            uri = new URI(issuer == null ? "" : issuer);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(rule);
        }
        String host = uri.getHost();
        boolean local = "localhost".equals(host) || "127.0.0.1".equals(host) || "[::1]".equals(host);
        if (host == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()) && local)) {
            throw new IllegalArgumentException(rule);
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("issuer must have no query, fragment or user info (OpenID Connect Discovery §2)");
        }
    }

    /**
     * Reads the value of {@value #VARIABLE}: a JSON array of objects with the keys {@code name},
     * {@code displayName}, {@code issuer}, {@code clientId}, {@code clientSecret}, {@code scopes},
     * {@code identityClaim} and {@code groupsClaim}. Null or blank means none.
     *
     * @throws IllegalArgumentException naming the entry and key that is wrong, e.g.
     *     {@code TASKGATE_LOGIN_OIDC[0].issuer must be an https URL (http only for localhost)}
     */
    public static List<UpstreamOidcSettings> parse(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            // Jackson's message quotes the input, and the input holds client secrets.
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw new IllegalArgumentException(VARIABLE + " is not valid JSON" + where);
        }
        if (!root.isArray()) {
            throw new IllegalArgumentException(VARIABLE + " must be a JSON array of objects");
        }
        List<UpstreamOidcSettings> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < root.size(); i++) {
            String at = VARIABLE + "[" + i + "]";
            UpstreamOidcSettings one = one(root.get(i), at);
            if (!names.add(one.name())) {
                throw new IllegalArgumentException(at + ".name '" + one.name() + "' is used by an earlier entry");
            }
            out.add(one);
        }
        return List.copyOf(out);
    }

    private static UpstreamOidcSettings one(JsonNode entry, String at) {
        if (!entry.isObject()) {
            throw new IllegalArgumentException(at + " must be a JSON object");
        }
        for (Iterator<String> keys = entry.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!KEYS.contains(key)) {
                // A misspelt optional key would otherwise be silently ignored.
                throw new IllegalArgumentException(at + "." + key + " is not a known key; the keys are " + new java.util.TreeSet<>(KEYS));
            }
        }
        try {
            String name = text(entry, "name").orElse(null);
            return new UpstreamOidcSettings(name, text(entry, "displayName").orElse(name), text(entry, "issuer").orElse(null),
                    text(entry, "clientId").orElse(null), text(entry, "clientSecret").orElse(null),
                    List.of(text(entry, "scopes").orElse(DEFAULT_SCOPES).trim().split("\\s+")),
                    text(entry, "identityClaim").orElse("sub"), text(entry, "groupsClaim"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(at + "." + e.getMessage());
        }
    }

    private static Optional<String> text(JsonNode entry, String key) {
        JsonNode value = entry.get(key);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(key + " must be a string");
        }
        return Optional.of(value.asText());
    }

    /** The scopes as the {@code scope} parameter writes them. */
    public String scope() {
        return String.join(" ", scopes);
    }

    /** Leaves the client secret out, so that logging the settings does not leak it. */
    @Override
    public String toString() {
        return "UpstreamOidcSettings[name=" + name + ", displayName=" + displayName + ", issuer=" + issuer + ", clientId="
                + clientId + ", clientSecret=(hidden), scopes=" + scopes + ", identityClaim=" + identityClaim + ", groupsClaim="
                + groupsClaim + "]";
    }
}
