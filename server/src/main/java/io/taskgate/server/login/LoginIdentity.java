package io.taskgate.server.login;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A person as a source of authority vouches for them: the provider (the source's configured name,
 * such as {@code local}, {@code ldap} or an OIDC alias), their name there, and their groups there.
 * The identity string is {@code <provider>/<encoded name>}, encoded as Taskcluster encodes it, so
 * that it can prefix clientIds ({@code <identity>/<client>}) and never holds a {@code /} of its own.
 */
public record LoginIdentity(String provider, String name, List<String> groups) {

    /** The local users' provider; their groups are Taskgate's own, so their group scopes carry no prefix. */
    public static final String LOCAL = "local";

    public LoginIdentity {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(name, "name");
        if (!provider.matches("[a-z0-9][a-z0-9_-]{0,31}")) {
            throw new IllegalArgumentException("a provider name is 1 to 32 characters of [a-z0-9_-]");
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a login name must not be empty");
        }
        groups = List.copyOf(groups);
    }

    /** {@code <provider>/<encoded name>}. */
    public String identity() {
        return provider + "/" + encode(name);
    }

    /**
     * The scopes the identity holds before role expansion: {@code assume:login-identity:<identity>},
     * and a group scope per group: {@code assume:group:<g>} for local users, whose groups are
     * Taskgate's, and {@code assume:group:<provider>/<g>} for outside sources, so that one source
     * cannot claim another's groups. Group names are encoded too, so a group named {@code *} from
     * outside never acts as a wildcard.
     */
    public List<String> scopes() {
        List<String> out = new ArrayList<>(groups.size() + 1);
        out.add("assume:login-identity:" + identity());
        for (String g : groups) {
            out.add(provider.equals(LOCAL) ? "assume:group:" + g : "assume:group:" + provider + "/" + encode(g));
        }
        return out;
    }

    /**
     * Taskcluster's clientId-safe encoding: {@code !} becomes {@code !21}, and every other character
     * outside {@code [A-Za-z0-9@:.+|_-]} becomes {@code !XX}, one per UTF-8 byte, in upper-case hex.
     */
    public static String encode(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c < 0x80 && c != '!' && (Character.isLetterOrDigit(c) || "@:.+|_-".indexOf(c) >= 0)) {
                out.append((char) c);
            } else {
                out.append('!').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** The inverse of {@link #encode}. */
    public static String decode(String s) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '!' && i + 2 < s.length()) {
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
