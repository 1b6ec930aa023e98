package io.klarsyn.engine.internal;

import java.util.Arrays;

/**
 * Customer key → row index, open addressing over one {@code long[]} of slots: two words of key,
 * one of length and row, one of hash, then {@code payload} words of per-customer state that the
 * caller reads and writes at {@link #slotOf}{@code + }{@link #PAYLOAD}. Keys of up to 16 Latin-1
 * characters (nearly every customer number) are stored inline, packed into two longs, so a lookup
 * compares them without touching the key's {@code String}; and the state sits next to the key, so
 * a transaction costs one random memory access, not three. Longer keys are compared through the
 * row's {@code String}. Load ≤ 0.5. Lookups are thread-safe once building is over.
 */
final class IdIndex {

    /** Offset of the first payload word in a slot. */
    static final int PAYLOAD = 4;
    private static final long NOT_PACKED = 0xFFFFL << 32;

    private final int stride;
    private long[] table;
    private String[] keys = new String[16];
    private int mask;
    private int size;
    private int generation;

    IdIndex(int expected) {
        this(expected, 0);
    }

    IdIndex(int expected, int payload) {
        stride = PAYLOAD + payload;
        int cap = Integer.highestOneBit(Math.max(16, expected * 2) - 1) << 1;
        table = new long[cap * stride];
        mask = cap - 1;
    }

    /**
     * Packs a key into {@code out}: chars 0-7, chars 8-15, the length in the upper half of a long
     * (or {@link #NOT_PACKED} with a 64-bit hash in {@code out[0]}), and the slot hash.
     */
    private static void pack(String key, long[] out) {
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
            out[0] = a;
            out[1] = b;
            out[2] = (long) n << 32;
            out[3] = LongHashSet.mix(a * 0x9E3779B97F4A7C15L + b + n);
        } else {
            long h = Hash64.of(key);
            out[0] = h;
            out[1] = 0;
            out[2] = NOT_PACKED;
            out[3] = LongHashSet.mix(h);
        }
    }

    /** @return the offset of the key's slot in {@link #table()}, or -1 */
    int slotOf(String key) {
        long[] p = new long[4];
        pack(key, p);
        return slotOf(key, p, 0);
    }

    /** Packs a key into {@code packs[4k .. 4k+3]} for {@link #touch(long[], int)} and {@link #slotOf(String, long[], int)}. */
    static void pack(String key, long[] packs, int k) {
        long[] p = new long[4];
        pack(key, p);
        System.arraycopy(p, 0, packs, k * 4, 4);
    }

    /**
     * Loads the first slot (both ends of it) of the packed keys {@code 0 .. n-1} and returns a value
     * derived from them. The loop is a few instructions per key, so the CPU keeps many of these
     * cache misses in flight at once; the lookups that follow then hit the cache.
     */
    long touch(long[] packs, int n) {
        long[] t = table;
        int m = mask;
        int st = stride;
        long sum = 0;
        for (int k = 0; k < n; k++) {
            int s = ((int) packs[k * 4 + 3] & m) * st;
            sum += t[s + 2] + t[s + st - 1];
        }
        return sum;
    }

    /** @return the offset of the slot of a key packed by {@link #pack(String, long[], int)}, or -1 */
    int slotOf(String key, long[] packs, int k) {
        int o = k * 4;
        long a = packs[o];
        long b = packs[o + 1];
        long len = packs[o + 2];
        long[] t = table;
        int i = (int) packs[o + 3] & mask;
        while (true) {
            int s = i * stride;
            long meta = t[s + 2];
            if (meta == 0) {
                return -1;
            }
            if (t[s] == a && t[s + 1] == b && (meta & 0xFFFFFFFF00000000L) == len) {
                if (len != NOT_PACKED || keys[(int) meta - 1].equals(key)) {
                    return s;
                }
            }
            i = (i + 1) & mask;
        }
    }

    /** @return the row of the key, or -1 */
    int get(String key) {
        int s = slotOf(key);
        return s < 0 ? -1 : (int) table[s + 2] - 1;
    }

    /** @return the row stored in the slot at offset {@code s} */
    int row(int s) {
        return (int) table[s + 2] - 1;
    }

    /**
     * Adds a key that is not present. Not thread-safe. May move every slot: offsets from before
     * are invalid once {@link #generation()} changes.
     *
     * @return the offset of its slot
     */
    int put(String key, int row) {
        if ((size + 1) * 2 > mask + 1) {
            grow();
        }
        if (row >= keys.length) {
            keys = Arrays.copyOf(keys, Math.max(row + 1, keys.length * 2));
        }
        keys[row] = key;
        long[] p = new long[4];
        pack(key, p);
        size++;
        return insert(table, p[3], p[0], p[1], p[2] | (row + 1L));
    }

    private int insert(long[] t, long h, long a, long b, long meta) {
        int i = (int) h & mask;
        while (t[i * stride + 2] != 0) {
            i = (i + 1) & mask;
        }
        int s = i * stride;
        t[s] = a;
        t[s + 1] = b;
        t[s + 2] = meta;
        t[s + 3] = h;
        return s;
    }

    private void grow() {
        long[] old = table;
        int cap = (mask + 1) * 2;
        table = new long[cap * stride];
        mask = cap - 1;
        generation++;
        for (int s = 0; s < old.length; s += stride) {
            if (old[s + 2] != 0) {
                int n = insert(table, old[s + 3], old[s], old[s + 1], old[s + 2]);
                System.arraycopy(old, s + PAYLOAD, table, n + PAYLOAD, stride - PAYLOAD);
            }
        }
    }

    long[] table() {
        return table;
    }

    int stride() {
        return stride;
    }

    int generation() {
        return generation;
    }

    int size() {
        return size;
    }

    /** @return the same keys without payload, for reading */
    IdIndex withoutPayload() {
        IdIndex c = new IdIndex(size);
        c.keys = keys;
        c.size = size;
        for (int s = 0; s < table.length; s += stride) {
            if (table[s + 2] != 0) {
                c.insert(c.table, table[s + 3], table[s], table[s + 1], table[s + 2]);
            }
        }
        return c;
    }
}
