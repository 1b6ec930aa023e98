package io.klarsyn.engine.internal;

/**
 * 64-bit content hashes for duplicate detection. Java's 32-bit {@code hashCode} would collide
 * about once per 77 000 rows (birthday bound); 64 bits keep the chance of one false duplicate among
 * 10 million rows near 3·10⁻⁶.
 */
final class Hash64 {

    private static final long SEED = 0x9E3779B97F4A7C15L;
    private static final long M = 0xbf58476d1ce4e5b9L;
    private static final java.lang.invoke.VarHandle INTS = java.lang.invoke.MethodHandles
            .byteArrayViewVarHandle(int[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final java.lang.invoke.VarHandle LONGS = java.lang.invoke.MethodHandles
            .byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    private Hash64() {
    }

    static long of(String s) {
        if (s == null) {
            return 0x5bd1e9955bd1e995L;
        }
        int n = s.length();
        if (n <= 8) {
            long w = 0;
            boolean ascii = true;
            for (int i = 0; i < n; i++) {
                char ch = s.charAt(i);
                ascii &= ch < 0x80;
                w |= (long) ch << (i << 3);
            }
            if (ascii) {
                return shortAscii(w, n);
            }
        }
        long h = SEED ^ n;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            long block = s.charAt(i) | ((long) s.charAt(i + 1) << 16) | ((long) s.charAt(i + 2) << 32)
                    | ((long) s.charAt(i + 3) << 48);
            h = (h ^ block) * M;
            h ^= h >>> 29;
        }
        for (; i < n; i++) {
            h = (h ^ s.charAt(i)) * M;
            h ^= h >>> 29;
        }
        return LongHashSet.mix(h);
    }

    /**
     * Up to eight ASCII characters, one per byte of {@code w} from the lowest: one multiplication
     * and a mix, instead of a round per four characters (the values of most attribute columns
     * are this short).
     */
    private static long shortAscii(long w, int n) {
        return LongHashSet.mix(w * M + n);
    }

    /** @return {@link #of(String)} of the ASCII text {@code b[off .. off+len)}, without decoding it */
    static long ofAscii(byte[] b, int off, int n) {
        if (n <= 8) {
            long w;
            if (off + 8 <= b.length) {
                w = n == 0 ? 0 : (long) LONGS.get(b, off) & (-1L >>> (64 - (n << 3)));
            } else {
                w = 0;
                for (int i = 0; i < n; i++) {
                    w |= (b[off + i] & 0xFFL) << (i << 3);
                }
            }
            return shortAscii(w, n);
        }
        long h = SEED ^ n;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            // four bytes at once, spread into the four 16-bit lanes that of(String) reads chars into
            long block = (int) INTS.get(b, off + i) & 0xFFFFFFFFL;
            block = (block | (block << 16)) & 0x0000FFFF0000FFFFL;
            block = (block | (block << 8)) & 0x00FF00FF00FF00FFL;
            h = (h ^ block) * M;
            h ^= h >>> 29;
        }
        for (; i < n; i++) {
            h = (h ^ b[off + i]) * M;
            h ^= h >>> 29;
        }
        return LongHashSet.mix(h);
    }

    static long combine(long h, long v) {
        h = (h ^ LongHashSet.mix(v + SEED)) * M;
        return h ^ (h >>> 31);
    }
}
