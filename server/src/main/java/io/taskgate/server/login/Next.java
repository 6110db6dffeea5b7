package io.taskgate.server.login;

/**
 * Where the browser goes after signing in. Only our own grant and authorize pages are allowed, as
 * a path: anything else (another site, {@code //evil.example}, a backslash trick) becomes the
 * account page, so the sign-in form cannot be used as an open redirect.
 */
final class Next {

    static final String DEFAULT = "/login/account";

    private Next() {}

    static String safe(String next) {
        if (next == null || next.length() > 8192 || next.startsWith("//") || next.indexOf('\\') >= 0
                || next.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            return DEFAULT;
        }
        boolean ours = next.startsWith("/login?") || next.equals(DEFAULT)
                || next.startsWith("/oauth/authorize?");
        return ours ? next : DEFAULT;
    }
}
