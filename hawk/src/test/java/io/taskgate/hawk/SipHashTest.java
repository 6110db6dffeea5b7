package io.taskgate.hawk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SipHashTest {

    @Test
    void matchesTheReferenceVectors() {
        // Key 00 01 .. 0f; the reference vectors for the empty message and for 00 01 .. 0e.
        SipHash h = new SipHash(0x0706050403020100L, 0x0f0e0d0c0b0a0908L);
        assertThat(h.hash(new byte[0])).isEqualTo(0x726fdb47dd0e0e31L);
        byte[] fifteen = new byte[15];
        for (int i = 0; i < 15; i++) {
            fifteen[i] = (byte) i;
        }
        assertThat(h.hash(fifteen)).isEqualTo(0xa129ca6149be45e5L);
    }
}
