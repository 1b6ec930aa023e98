package io.klarsyn.metrics.clv.internal;

import java.util.Arrays;

/**
 * Collects customers' (x, t_x, T) in whole days into distinct patterns, without boxing: an
 * open-addressing table of 63-bit keys (x, T, t_x: 21 bits each), sized once for the most patterns
 * there can be (one per customer added), so it never rehashes and {@link #add} can return the slot,
 * which stays valid: the way back from a customer to its pattern is then one array read. {@link #build} sorts the patterns by (x, T, t_x), so that customers sharing x and T —
 * which share the expensive part of the BG/NBD forecast — are neighbours, and maps slots to pattern
 * indexes.
 */
final class PatternBuilder {

    /** Largest day count a key holds (21 bits, 5 700 years). */
    static final int MAX_DAYS = (1 << 21) - 1;

    private final long[] keys;
    private final int[] counts;
    private final int capacity;
    private int size;

    /** @param capacity the most customers that will be added */
    PatternBuilder(int capacity) {
        this.capacity = capacity;
        int cap = Integer.highestOneBit(Math.max(16, capacity * 2) - 1) << 1;
        keys = new long[cap];
        counts = new int[cap];
        Arrays.fill(keys, -1L);
    }

    /**
     * @param x repeat purchase days
     * @param txDays days from first to last purchase
     * @param tDays days from first purchase to the end of observation
     * @return the slot of this pattern, for {@link Built#patternOf}
     */
    int add(int x, int txDays, int tDays) {
        if (x < 0 || x > MAX_DAYS || txDays < 0 || txDays > tDays || tDays > MAX_DAYS) {
            throw new IllegalArgumentException("not a purchase pattern: x=" + x + ", t_x=" + txDays + ", T=" + tDays);
        }
        long key = ((long) x << 42) | ((long) tDays << 21) | txDays;
        int slot = find(key);
        if (keys[slot] == -1L) {
            if (size == capacity) {
                throw new IllegalStateException("more patterns than the " + capacity + " customers announced");
            }
            keys[slot] = key;
            size++;
        }
        counts[slot]++;
        return slot;
    }

    private int find(long key) {
        int mask = keys.length - 1;
        int h = (int) (mix(key) & mask);
        while (keys[h] != -1L && keys[h] != key) {
            h = (h + 1) & mask;
        }
        return h;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    int size() {
        return size;
    }

    /** The patterns, sorted by (x, T, t_x), with times in the model's unit. */
    Built build(double unitDays) {
        long[] sorted = new long[size];
        int n = 0;
        int maxDay = 0;
        for (long k : keys) {
            if (k != -1L) {
                sorted[n++] = k;
                maxDay = Math.max(maxDay, (int) ((k >>> 21) & MAX_DAYS));
            }
        }
        Arrays.sort(sorted);
        int[] x = new int[n];
        int[] txi = new int[n];
        int[] ti = new int[n];
        double[] w = new double[n];
        int[] index = new int[keys.length];
        for (int p = 0; p < n; p++) {
            long k = sorted[p];
            x[p] = (int) (k >>> 42);
            ti[p] = (int) ((k >>> 21) & MAX_DAYS);
            txi[p] = (int) (k & MAX_DAYS);
            int slot = find(k);
            w[p] = counts[slot];
            index[slot] = p;
        }
        double[] times = new double[maxDay + 1];
        for (int d = 0; d <= maxDay; d++) {
            times[d] = d / unitDays;
        }
        return new Built(new BgNbdModel.Patterns(x, txi, ti, times, w), index);
    }

    /** Patterns and the way back from a customer's key to its pattern. */
    final class Built {
        final BgNbdModel.Patterns patterns;
        private final int[] index;

        private Built(BgNbdModel.Patterns patterns, int[] index) {
            this.patterns = patterns;
            this.index = index;
        }

        /** @return the pattern index of a slot returned by {@link #add} */
        int patternOf(int slot) {
            return index[slot];
        }
    }
}
