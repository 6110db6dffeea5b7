package io.taskgate.server.identity;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets at rest with AES-256-GCM under the master key. Each sealed value is a random
 * 12-byte nonce followed by the ciphertext and tag. The associated data binds a value to the record
 * it belongs to (for example {@code client:<clientId>}), so a ciphertext copied to another record
 * does not open.
 */
public final class SecretBox {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random;

    public SecretBox(byte[] masterKey, SecureRandom random) {
        if (masterKey.length != 32) {
            throw new IllegalArgumentException("the master key must be 32 bytes");
        }
        this.key = new SecretKeySpec(masterKey.clone(), "AES");
        this.random = random;
    }

    /** Encrypts {@code secret}, bound to {@code context}. */
    public byte[] seal(String secret, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    /**
     * Decrypts a value sealed for {@code context}.
     *
     * @throws IllegalStateException when the value was not sealed under this key for this context
     */
    public String open(byte[] sealed, String context) {
        if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new IllegalStateException("a sealed secret is too short; the store is damaged");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a secret does not open with this master key (for " + context
                    + "); is TASKGATE_MASTER_KEY or the data directory's master.key the one it was sealed with?");
        }
    }
}
