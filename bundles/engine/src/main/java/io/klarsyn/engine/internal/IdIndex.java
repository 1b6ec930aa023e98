package io.klarsyn.engine.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Customer key → row index, open addressing over one {@code long[]} of four-word slots: two words
 * of key, one of length and row, one of hash. Keys of up to 16 Latin-1 characters (nearly every
 * customer number) are stored inline, packed into two longs, so a lookup compares them without
 * touching the key's {@code String}; a key can also be looked up from its UTF-8 bytes without
 * being decoded. Longer keys are compared with the key list. Rows are numbered in the order the
 * keys were added, and the index keeps the keys by row ({@link #key}) without an object per key.
 * Load ≤ 0.5. Lookups are thread-safe once building is over.
 *
 * <p>Batch lookups go in two steps: {@link #pack} every key of the batch, {@link #touch} their
 * slots (a few instructions per key, so the CPU keeps many cache misses in flight at once), then
 * look them up ({@link #rowOf(long[], int, byte[], int, int)}), which now hits the cache.
 */
final class IdIndex {

    private static final int STRIDE = 4;
    private static final long NOT_PACKED = 0xFFFFL << 32;
    private static final long LENGTH = 0xFFFFFFFF00000000L;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final long HIGHS = 0x8080808080808080L;

    private long[] table;
    private final IdList keys = new IdList();
    private int mask;
    private int size;

    IdIndex(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2) - 1) << 1;
        table = new long[cap * STRIDE];
        mask = cap - 1;
    }

    /**
     * Packs a key into {@code out[o .. o+3]}: chars 0-7, chars 8-15, the length in the upper half
     * of a long (or {@link #NOT_PACKED} with a 64-bit hash in {@code out[o]}), and the slot hash.
     */
    private static void packAt(String key, long[] out, int o) {
        int n = key.length();
        long a = 0;
        long b = 0;
        boolean packed = n <= 16;
        for (int i = 0; packed && i < n; i++) {
            char ch = key.charAt(i);
            if (ch > 0xFF) {
                packed = false;
            } else if (i < 8) {
                a |= (long) ch << (i << 3);
            } else {
                b |= (long) ch << ((i - 8) << 3);
            }
        }
        if (packed) {
            out[o] = a;
            out[o + 1] = b;
            out[o + 2] = (long) n << 32;
            out[o + 3] = LongHashSet.mix(a * 0x9E3779B97F4A7C15L + b + n);
        } else {
            long h = Hash64.of(key);
            out[o] = h;
            out[o + 1] = 0;
            out[o + 2] = NOT_PACKED;
            out[o + 3] = LongHashSet.mix(h);
        }
    }

    /** Packs a key into {@code packs[4k .. 4k+3]} for {@link #touch} and {@link #rowOf(String, long[], int)}. */
    static void pack(String key, long[] packs, int k) {
        packAt(key, packs, k * 4);
    }

    /**
     * Packs a key given as UTF-8 bytes into {@code packs[4k .. 4k+3]} exactly as
     * {@link #pack(String, long[], int)} packs the decoded text, without decoding it.
     *
     * @return false, packing nothing, when the bytes are not all ASCII: pack the decoded text then
     */
    static boolean pack(byte[] key, int off, int len, long[] packs, int k) {
        int o = k * 4;
        if (len > 16) {
            for (int i = off, e = off + len; i < e; i++) {
                if (key[i] < 0) {
                    return false;
                }
            }
            long h = Hash64.ofAscii(key, off, len);
            packs[o] = h;
            packs[o + 1] = 0;
            packs[o + 2] = NOT_PACKED;
            packs[o + 3] = LongHashSet.mix(h);
            return true;
        }
        long a;
        long b;
        if (off + 16 <= key.length) {
            long w0 = (long) LONGS.get(key, off);
            long w1 = (long) LONGS.get(key, off + 8);
            if (len < 8) {
                a = w0 & ((1L << (len << 3)) - 1);
                b = 0;
            } else {
                a = w0;
                b = len == 16 ? w1 : w1 & ((1L << ((len - 8) << 3)) - 1);
            }
        } else {
            a = 0;
            b = 0;
            for (int i = 0; i < len; i++) {
                long ch = key[off + i] & 0xFFL;
                if (i < 8) {
                    a |= ch << (i << 3);
                } else {
                    b |= ch << ((i - 8) << 3);
                }
            }
        }
        if (((a | b) & HIGHS) != 0) {
            return false;
        }
        packs[o] = a;
        packs[o + 1] = b;
        packs[o + 2] = (long) len << 32;
        packs[o + 3] = LongHashSet.mix(a * 0x9E3779B97F4A7C15L + b + len);
        return true;
    }

    /** @return whether packed keys {@code i} and {@code j} are the same inline-packed key (false for long keys) */
    static boolean samePacked(long[] packs, int i, int j) {
        int a = i * 4;
        int b = j * 4;
        return packs[a + 2] != NOT_PACKED && packs[a] == packs[b] && packs[a + 1] == packs[b + 1]
                && packs[a + 2] == packs[b + 2];
    }

    /** Loads the first slot of packed key {@code k}; returns a value derived from it, for the caller to keep. */
    long touch(long[] packs, int k) {
        return table[((int) packs[k * 4 + 3] & mask) * STRIDE + 2];
    }

    /** @return the row of a key packed by {@link #pack(String, long[], int)}, or -1 */
    int rowOf(String key, long[] packs, int k) {
        return probe(packs, k, key, null, 0, 0);
    }

    /**
     * @return the row of a key packed by {@link #pack(byte[], int, int, long[], int)} from the
     *         ASCII bytes {@code key[off .. off+len)}, or -1
     */
    int rowOf(long[] packs, int k, byte[] key, int off, int len) {
        return probe(packs, k, null, key, off, len);
    }

    /**
     * Finds packed key {@code k}. Inline-packed keys are equal when their words are; a long key (only
     * its hash is packed) is compared with the key list, as text or as ASCII bytes.
     */
    private int probe(long[] packs, int k, String text, byte[] bytes, int off, int len) {
        int o = k * 4;
        long a = packs[o];
        long b = packs[o + 1];
        long length = packs[o + 2];
        long[] t = table;
        int i = (int) packs[o + 3] & mask;
        while (true) {
            int s = i * STRIDE;
            long meta = t[s + 2];
            if (meta == 0) {
                return -1;
            }
            if (t[s] == a && t[s + 1] == b && (meta & LENGTH) == length) {
                int row = (int) meta - 1;
                if (length != NOT_PACKED
                        || (text != null ? keys.equals(row, text) : keys.equalsAscii(row, bytes, off, len))) {
                    return row;
                }
            }
            i = (i + 1) & mask;
        }
    }

    /** @return the row of the key, or -1 */
    int get(String key) {
        long[] p = new long[4];
        packAt(key, p, 0);
        return rowOf(key, p, 0);
    }

    /**
     * Adds a key that is not present. Not thread-safe.
     *
     * @return its row: the number of keys before it
     */
    int add(String key) {
        long[] p = new long[4];
        packAt(key, p, 0);
        return insert(p, 0, keys.add(key));
    }

    /**
     * Adds a key that is not present, given as the ASCII bytes packed into {@code packs[4k ..]} by
     * {@link #pack(byte[], int, int, long[], int)}. Not thread-safe.
     *
     * @return its row
     */
    int addAscii(byte[] key, int off, int len, long[] packs, int k) {
        return insert(packs, k * 4, keys.addAscii(key, off, len));
    }

    private int insert(long[] p, int o, int row) {
        if ((size + 1) * 2 > mask + 1) {
            grow();
        }
        size++;
        insert(table, p[o + 3], p[o], p[o + 1], p[o + 2] | (row + 1L));
        return row;
    }

    /** @return the key of {@code row} */
    String key(int row) {
        return keys.get(row);
    }

    private void insert(long[] t, long h, long a, long b, long meta) {
        int i = (int) h & mask;
        while (t[i * STRIDE + 2] != 0) {
            i = (i + 1) & mask;
        }
        int s = i * STRIDE;
        t[s] = a;
        t[s + 1] = b;
        t[s + 2] = meta;
        t[s + 3] = h;
    }

    private void grow() {
        long[] old = table;
        int cap = (mask + 1) * 2;
        table = new long[cap * STRIDE];
        mask = cap - 1;
        for (int s = 0; s < old.length; s += STRIDE) {
            if (old[s + 2] != 0) {
                insert(table, old[s + 3], old[s], old[s + 1], old[s + 2]);
            }
        }
    }

    int size() {
        return size;
    }
}
