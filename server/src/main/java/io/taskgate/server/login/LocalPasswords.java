package io.taskgate.server.login;

import io.taskgate.server.authn.PasswordCheck;

/** Local users as a source of authority at the sign-in page, through the same checks and throttle as HTTP Basic. */
public final class LocalPasswords implements PasswordSource {

    private final PasswordCheck passwords;

    public LocalPasswords(PasswordCheck passwords) {
        this.passwords = passwords;
    }

    @Override
    public String provider() {
        return LoginIdentity.LOCAL;
    }

    @Override
    public String label() {
        return "Taskgate account";
    }

    @Override
    public LoginIdentity verify(String username, String password, String source) {
        return passwords.verify(username, password, source).loginIdentity();
    }
}
