package io.klarsyn.metrics.churn.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.klarsyn.api.ledger.Attribute;

/**
 * The groups a breakdown uses for one attribute: its levels as they are, or, for a numeric
 * attribute with more than {@value #MAX_NUMERIC_LEVELS} distinct values, five quantile bins
 * labelled {@code [from, to)} (the last one closed).
 */
final class Levels {

    static final int MAX_NUMERIC_LEVELS = 12;
    static final int BINS = 5;

    final List<String> labels;
    /** Group per customer, -1 = blank. */
    final int[] code;
    final boolean binned;

    private Levels(List<String> labels, int[] code, boolean binned) {
        this.labels = labels;
        this.code = code;
        this.binned = binned;
    }

    /** @param rows the ledger's row of each customer ({@link Lifetimes#row}): level i is the attribute's at rows[i] */
    static Levels of(Attribute a, int[] rows) {
        int n = rows.length;
        int[] code = new int[n];
        if (!a.numeric() || a.levels().size() <= MAX_NUMERIC_LEVELS) {
            for (int i = 0; i < n; i++) {
                code[i] = a.code(rows[i]);
            }
            return new Levels(a.levels(), code, false);
        }
        double[] v = new double[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            double x = a.number(rows[i]);
            if (!Double.isNaN(x)) {
                v[m++] = x;
            }
        }
        double[] sorted = Arrays.copyOf(v, m);
        Arrays.sort(sorted);
        double[] edges = new double[BINS + 1];
        int e = 0;
        edges[e++] = sorted[0];
        for (int k = 1; k < BINS; k++) {
            double q = sorted[(int) Math.floor((double) k * m / BINS)];
            if (q > edges[e - 1]) {
                edges[e++] = q;
            }
        }
        edges[e++] = sorted[m - 1];
        if (e == 2 && edges[0] == edges[1]) {
            e = 2;
        }
        int bins = Math.max(1, e - 1);
        List<String> labels = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            boolean last = b == bins - 1;
            labels.add("[" + plain(edges[b]) + ", " + plain(edges[b + 1]) + (last ? "]" : ")"));
        }
        for (int i = 0; i < n; i++) {
            double x = a.number(rows[i]);
            if (Double.isNaN(x)) {
                code[i] = -1;
                continue;
            }
            int b = 0;
            while (b < bins - 1 && x >= edges[b + 1]) {
                b++;
            }
            code[i] = b;
        }
        return new Levels(labels, code, true);
    }

    private static String plain(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
}
