package io.klarsyn.engine.internal;

import java.util.Arrays;

/**
 * An append-only sequence of {@code long}s in 256 KB chunks: appends never copy, and no chunk is
 * large enough to count as a humongous object for G1 (which would start concurrent cycles).
 */
final class LongBuffer {

    private static final int SHIFT = 15;
    private static final int CHUNK = 1 << SHIFT;

    private long[][] chunks = new long[16][];
    private long[] current = new long[CHUNK];
    private int used;
    private int full;

    LongBuffer() {
        chunks[0] = current;
    }

    void add(long v) {
        if (used == CHUNK) {
            full++;
            if (full == chunks.length) {
                chunks = Arrays.copyOf(chunks, full * 2);
            }
            current = new long[CHUNK];
            chunks[full] = current;
            used = 0;
        }
        current[used++] = v;
    }

    int size() {
        return (full << SHIFT) + used;
    }

    long get(int i) {
        return chunks[i >>> SHIFT][i & (CHUNK - 1)];
    }

    void release() {
        chunks = new long[1][];
        current = new long[0];
        chunks[0] = current;
        used = 0;
        full = 0;
    }
}
