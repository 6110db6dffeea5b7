package io.taskgate.server.oauth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Date;

/** Signs a {@link TokenGrant.Decision} as a JWT access token (RFC 9068) with the active key. */
public final class AccessTokenIssuer {

    /** The {@code typ} header of an access token, RFC 9068 §2.1. */
    public static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");

    private final String issuer;
    private final KeyRing keys;
    private final SecureRandom random;

    public AccessTokenIssuer(String issuer, KeyRing keys, SecureRandom random) {
        this.issuer = issuer;
        this.keys = keys;
        this.random = random;
    }

    public String issuer() {
        return issuer;
    }

    public String sign(TokenGrant.Decision decision) {
        KeyRing.Signer signer = keys.signer();
        JWSHeader header = new JWSHeader.Builder(signer.algorithm()).keyID(signer.kid()).type(AT_JWT).build();
        Date issued = Date.from(decision.issued());
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(decision.clientId())
                .claim("client_id", decision.clientId())
                .claim("azp", decision.clientId())
                .audience(decision.audiences())
                .expirationTime(Date.from(decision.expires()))
                .issueTime(issued)
                .notBeforeTime(issued)
                .jwtID(jti())
                .claim("scope", String.join(" ", decision.scopes()))
                .build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(signer.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token with key " + signer.kid(), e);
        }
        return jwt.serialize();
    }

    private String jti() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
