package io.taskgate.server.login;

import io.taskgate.server.authn.PasswordCheck;
import io.taskgate.server.http.ApiError;

/**
 * An LDAP directory as a source of authority at the sign-in page. Failures are throttled like local
 * passwords, under the name {@code <provider>/<username>} so that they never count against a local
 * user of the same name; a directory that cannot answer is a 503, never "wrong password".
 */
public final class LdapPasswords implements PasswordSource {

    private final LdapDirectory directory;
    private final PasswordCheck throttle;

    public LdapPasswords(LdapDirectory directory, PasswordCheck throttle) {
        this.directory = directory;
        this.throttle = throttle;
    }

    @Override
    public String provider() {
        return directory.settings().name();
    }

    @Override
    public String label() {
        return "LDAP";
    }

    @Override
    public LoginIdentity verify(String username, String password, String source) {
        String key = provider() + "/" + username;
        throttle.throttled(key, source);
        try {
            LoginIdentity who = directory.authenticate(username, password).orElse(null);
            if (who == null) {
                throttle.failed(key, source);
            }
            throttle.succeeded(key, source);
            return who;
        } catch (LdapDirectory.Unavailable e) {
            throw new ApiError(503, "ServiceUnavailable", "The LDAP directory cannot be reached just now; try again shortly", null);
        }
    }
}
