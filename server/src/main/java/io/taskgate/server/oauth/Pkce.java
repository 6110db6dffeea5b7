package io.taskgate.server.oauth;

import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Proof Key for Code Exchange with S256 (RFC 7636 §4.6): the verifier presented at the token
 * endpoint must hash to the challenge given at the authorization endpoint. Only S256 exists here;
 * {@code plain} is refused before a code is issued.
 */
public final class Pkce {

    private Pkce() {}

    /** Whether {@code verifier} answers {@code challenge}, compared in constant time. */
    public static boolean verifies(CodeVerifier verifier, String challenge) {
        String computed = CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue();
        return MessageDigest.isEqual(computed.getBytes(StandardCharsets.US_ASCII), challenge.getBytes(StandardCharsets.US_ASCII));
    }
}
