package io.klarsyn.engine.internal;

import java.util.Arrays;

/**
 * Open-addressing set of {@code long} keys (linear probing, power-of-two table, load ≤ 0.6).
 * Costs 8 bytes per slot, so at most ~13.4 bytes per key once grown; no boxing, no per-entry
 * objects. Key 0 is stored out of band.
 */
final class LongHashSet {

    private long[] table;
    private int mask;
    private int size;
    private int limit;
    private boolean hasZero;

    LongHashSet(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, (int) Math.min(1 << 30, expected / 0.6 + 1)) - 1) << 1;
        table = new long[cap];
        mask = cap - 1;
        limit = (int) (cap * 0.6);
    }

    /** @return true when the key was not present before */
    boolean add(long key) {
        if (key == 0) {
            if (hasZero) {
                return false;
            }
            hasZero = true;
            size++;
            return true;
        }
        long[] t = table;
        int i = (int) mix(key) & mask;
        while (true) {
            long k = t[i];
            if (k == 0) {
                t[i] = key;
                if (++size > limit) {
                    grow();
                }
                return true;
            }
            if (k == key) {
                return false;
            }
            i = (i + 1) & mask;
        }
    }

    boolean contains(long key) {
        if (key == 0) {
            return hasZero;
        }
        int i = (int) mix(key) & mask;
        while (true) {
            long k = table[i];
            if (k == 0) {
                return false;
            }
            if (k == key) {
                return true;
            }
            i = (i + 1) & mask;
        }
    }

    /** Loads the key's first slot, so that a batch's misses overlap (see LedgerBuilder#transactions). */
    long touch(long key) {
        return table[(int) mix(key) & mask];
    }

    int size() {
        return size;
    }

    long bytes() {
        return table.length * 8L;
    }

    private void grow() {
        long[] old = table;
        int cap = old.length << 1;
        table = new long[cap];
        mask = cap - 1;
        limit = (int) (cap * 0.6);
        for (long k : old) {
            if (k != 0) {
                int i = (int) mix(k) & mask;
                while (table[i] != 0) {
                    i = (i + 1) & mask;
                }
                table[i] = k;
            }
        }
    }

    void clear() {
        Arrays.fill(table, 0);
        size = 0;
        hasZero = false;
    }

    static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
