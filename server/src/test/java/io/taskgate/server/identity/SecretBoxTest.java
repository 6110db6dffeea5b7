package io.taskgate.server.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SecretBoxTest {

    private final byte[] key = new byte[32];
    private final SecretBox box = new SecretBox(key, new SecureRandom());

    @Test
    void sealedSecrets_openInTheirContextOnly() {
        byte[] sealed = box.seal("token-123", "client:a");
        assertThat(box.open(sealed, "client:a")).isEqualTo("token-123");
        assertThatThrownBy(() -> box.open(sealed, "client:b")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not open").hasMessageNotContaining("token-123");
    }

    @Test
    void sealing_isRandomized_andHidesTheSecret() {
        byte[] one = box.seal("token-123", "client:a");
        byte[] two = box.seal("token-123", "client:a");
        assertThat(one).isNotEqualTo(two);
        assertThat(new String(one, StandardCharsets.ISO_8859_1)).doesNotContain("token-123");
    }

    @Test
    void anotherKey_orATamperedValue_doesNotOpen() {
        byte[] sealed = box.seal("token-123", "client:a");
        byte[] otherKey = new byte[32];
        otherKey[0] = 1;
        assertThatThrownBy(() -> new SecretBox(otherKey, new SecureRandom()).open(sealed, "client:a"))
                .isInstanceOf(IllegalStateException.class);
        byte[] tampered = Arrays.copyOf(sealed, sealed.length);
        tampered[tampered.length - 1] ^= 1;
        assertThatThrownBy(() -> box.open(tampered, "client:a")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> box.open(new byte[5], "client:a")).hasMessageContaining("too short");
    }

    @Test
    void keysMustBe32Bytes() {
        assertThatThrownBy(() -> new SecretBox(new byte[16], new SecureRandom())).hasMessage("the master key must be 32 bytes");
    }
}
