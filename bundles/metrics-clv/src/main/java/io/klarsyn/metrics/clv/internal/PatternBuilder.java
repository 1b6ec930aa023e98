package io.klarsyn.metrics.clv.internal;

/**
 * Collects customers' (x, t_x, T) in whole days and turns them into distinct BG/NBD patterns, sorted
 * by (x, T, t_x) — so that customers sharing x and T, who share the expensive part of the forecast,
 * are neighbours — together with every customer's pattern index.
 *
 * <p>No hashing and no boxing: each customer's triple is packed into a key of just as many bits as
 * the data need (for two years of daily data and up to 255 repeat days: 8 + 2 × 10 bits), and the
 * (key, customer) pairs are sorted by a least-significant-digit radix sort, 11 bits per pass —
 * sequential passes over memory instead of one random probe per customer into a hash table.
 */
final class PatternBuilder {

    /** Largest day count (or repeat count) accepted: 21 bits, 5 700 years. */
    static final int MAX_DAYS = (1 << 21) - 1;
    private static final int DIGIT = 11;

    private final int[] x;
    private final int[] tx;
    private final int[] bigT;
    private final boolean[] present;
    private int count;

    /** @param customers customers are numbered 0 … customers − 1 */
    PatternBuilder(int customers) {
        x = new int[customers];
        tx = new int[customers];
        bigT = new int[customers];
        present = new boolean[customers];
    }

    /**
     * Records customer {@code i}'s history; customers never set have no pattern.
     *
     * @param x repeat purchase days
     * @param txDays days from first to last purchase
     * @param tDays days from first purchase to the end of observation
     */
    void set(int i, int x, int txDays, int tDays) {
        if (x < 0 || x > MAX_DAYS || txDays < 0 || txDays > tDays || tDays > MAX_DAYS) {
            throw new IllegalArgumentException("not a purchase pattern: x=" + x + ", t_x=" + txDays + ", T=" + tDays);
        }
        if (!present[i]) {
            count++;
        }
        present[i] = true;
        this.x[i] = x;
        this.tx[i] = txDays;
        this.bigT[i] = tDays;
    }

    /** @return customers with a pattern */
    int customers() {
        return count;
    }

    /** The patterns, sorted by (x, T, t_x), times in the model's unit, and each customer's pattern. */
    Built build(double unitDays) {
        int n = present.length;
        int maxX = 0;
        int maxT = 0;
        for (int i = 0; i < n; i++) {
            if (present[i]) {
                maxX = Math.max(maxX, x[i]);
                maxT = Math.max(maxT, bigT[i]);
            }
        }
        int bitsT = 32 - Integer.numberOfLeadingZeros(maxT);
        int bitsX = 32 - Integer.numberOfLeadingZeros(maxX);
        int bits = bitsX + 2 * bitsT;
        long[] keys = new long[count];
        int[] who = new int[count];
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (present[i]) {
                keys[m] = ((long) x[i] << (2 * bitsT)) | ((long) bigT[i] << bitsT) | tx[i];
                who[m++] = i;
            }
        }
        // LSD radix sort of (key, customer), stable, so equal keys keep ledger order
        long[] keys2 = new long[count];
        int[] who2 = new int[count];
        int[] bucket = new int[(1 << DIGIT) + 1];
        for (int shift = 0; shift < bits; shift += DIGIT) {
            java.util.Arrays.fill(bucket, 0);
            int mask = (1 << DIGIT) - 1;
            for (int k = 0; k < count; k++) {
                bucket[((int) (keys[k] >>> shift) & mask) + 1]++;
            }
            for (int b = 0; b < 1 << DIGIT; b++) {
                bucket[b + 1] += bucket[b];
            }
            for (int k = 0; k < count; k++) {
                int pos = bucket[(int) (keys[k] >>> shift) & mask]++;
                keys2[pos] = keys[k];
                who2[pos] = who[k];
            }
            long[] tk = keys;
            keys = keys2;
            keys2 = tk;
            int[] tw = who;
            who = who2;
            who2 = tw;
        }
        int patterns = 0;
        for (int k = 0; k < count; k++) {
            if (k == 0 || keys[k] != keys[k - 1]) {
                patterns++;
            }
        }
        int[] px = new int[patterns];
        int[] ptx = new int[patterns];
        int[] pt = new int[patterns];
        double[] w = new double[patterns];
        int[] patternOf = new int[n];
        java.util.Arrays.fill(patternOf, -1);
        long maskT = (1L << bitsT) - 1;
        int p = -1;
        for (int k = 0; k < count; k++) {
            long key = keys[k];
            if (k == 0 || key != keys[k - 1]) {
                p++;
                px[p] = (int) (key >>> (2 * bitsT));
                pt[p] = (int) ((key >>> bitsT) & maskT);
                ptx[p] = (int) (key & maskT);
            }
            w[p]++;
            patternOf[who[k]] = p;
        }
        double[] times = new double[maxT + 1];
        for (int d = 0; d <= maxT; d++) {
            times[d] = d / unitDays;
        }
        return new Built(new BgNbdModel.Patterns(px, ptx, pt, times, w), patternOf);
    }

    /**
     * Patterns and the way back from a customer to its pattern.
     *
     * @param patterns the distinct patterns with their weights
     * @param patternOf each customer's pattern index, −1 for customers without a pattern
     */
    record Built(BgNbdModel.Patterns patterns, int[] patternOf) {
    }
}
