package io.klarsyn.engine.ingest;

/**
 * The index check of the batches' accessors. {@code Objects.checkIndex} does the same, but the
 * JIT's quick tier (C1), which runs the first rows of every file, compiles it into a long call
 * chain; this plain comparison costs one branch in every tier.
 */
final class Indexes {

    private Indexes() {
    }

    /** @return {@code k} if {@code 0 <= k < n}; else throws {@link IndexOutOfBoundsException} */
    static int check(int k, int n) {
        if (k < 0 || k >= n) {
            throw outside(k, n);
        }
        return k;
    }

    private static IndexOutOfBoundsException outside(int k, int n) {
        return new IndexOutOfBoundsException("Index " + k + " out of bounds for length " + n);
    }
}
