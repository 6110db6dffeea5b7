package io.taskgate.hawk;

import java.nio.charset.StandardCharsets;

/**
 * SipHash-2-4 (Aumasson and Bernstein), a keyed 64-bit hash: with a secret key, nobody can make
 * two inputs collide on purpose. The replay guard stores nonces as these hashes to keep them small.
 */
final class SipHash {

    private final long k0;
    private final long k1;

    SipHash(long k0, long k1) {
        this.k0 = k0;
        this.k1 = k1;
    }

    long hash(String s) {
        return hash(s.getBytes(StandardCharsets.UTF_8));
    }

    long hash(byte[] m) {
        long[] v = {k0 ^ 0x736f6d6570736575L, k1 ^ 0x646f72616e646f6dL, k0 ^ 0x6c7967656e657261L, k1 ^ 0x7465646279746573L};
        int end = m.length - (m.length % 8);
        for (int i = 0; i < end; i += 8) {
            compress(v, littleEndian(m, i, 8));
        }
        compress(v, ((long) (m.length & 0xff) << 56) | littleEndian(m, end, m.length - end));
        v[2] ^= 0xff;
        for (int r = 0; r < 4; r++) {
            round(v);
        }
        return v[0] ^ v[1] ^ v[2] ^ v[3];
    }

    /** Mixes in one 8-byte block with two rounds (the "2" of SipHash-2-4). */
    private static void compress(long[] v, long block) {
        v[3] ^= block;
        round(v);
        round(v);
        v[0] ^= block;
    }

    private static void round(long[] v) {
        v[0] += v[1]; v[1] = Long.rotateLeft(v[1], 13); v[1] ^= v[0]; v[0] = Long.rotateLeft(v[0], 32);
        v[2] += v[3]; v[3] = Long.rotateLeft(v[3], 16); v[3] ^= v[2];
        v[0] += v[3]; v[3] = Long.rotateLeft(v[3], 21); v[3] ^= v[0];
        v[2] += v[1]; v[1] = Long.rotateLeft(v[1], 17); v[1] ^= v[2]; v[2] = Long.rotateLeft(v[2], 32);
    }

    private static long littleEndian(byte[] b, int from, int count) {
        long v = 0;
        for (int i = count - 1; i >= 0; i--) {
            v = (v << 8) | (b[from + i] & 0xffL);
        }
        return v;
    }
}
