package io.taskgate.server.login;

import io.taskgate.server.session.Session;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * A person signed in at the pages: their session (by the cookie's value) and who they are now.
 * Forms on their pages carry {@link #formToken}, a hash of the session id that only pages served
 * to this session can know, as the CSRF defence for plain HTML forms (no script, so no header).
 */
public record SignedIn(String sessionId, Session session, LoginIdentity identity) {

    /** The form token for pages served to this session. */
    public String formToken() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(("taskgate-form:" + sessionId).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** Whether a submitted form token is this session's, compared in constant time. */
    public boolean formTokenMatches(String submitted) {
        return submitted != null && MessageDigest.isEqual(formToken().getBytes(StandardCharsets.US_ASCII),
                submitted.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return "SignedIn[" + identity.identity() + "]";
    }
}
