package io.taskgate.server.authn;

/** Lets tests in other packages read what {@link PasswordCheck} keeps package-private. */
public final class PasswordCheckProbe {

    private PasswordCheckProbe() {}

    public static String dummyHash() {
        return PasswordCheck.DUMMY_HASH;
    }
}
