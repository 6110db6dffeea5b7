package io.taskgate.server.login;

/** A source of authority that checks a username and password: local users, or an LDAP directory. */
public interface PasswordSource {

    /** The provider name in the identities it vouches for, such as {@code local} or {@code ldap}. */
    String provider();

    /** What the sign-in page calls it. */
    String label();

    /**
     * The person with this name and password.
     *
     * @throws io.taskgate.server.http.ApiError 401 for a failed check (the same whatever failed),
     *     429 while the name or the address must wait after failures, 503 when the source cannot answer
     */
    LoginIdentity verify(String username, String password, String source);
}
