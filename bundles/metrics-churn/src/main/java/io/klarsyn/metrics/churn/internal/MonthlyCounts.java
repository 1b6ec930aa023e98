package io.klarsyn.metrics.churn.internal;

/**
 * Customers gained and lost per calendar month, and the counts active at month starts that follow
 * from them. Months are indices into {@link Lifetimes}' axis; indices before the first month with
 * data have no values ({@code null}), never a made-up zero.
 */
final class MonthlyCounts {

    final long[] adds;
    final long[] lost;
    /** Of {@link #lost}, those acquired in the same month (in the gross adds, not in the start count). */
    final long[] lostSameMonth;
    /** Active at the start of month k (= at the end of month k − 1), k = 0..period + 1. */
    final long[] activeStart;
    final int period;

    MonthlyCounts(Lifetimes lt) {
        period = lt.period;
        adds = new long[period + 1];
        lost = new long[period + 1];
        lostSameMonth = new long[period + 1];
        for (int i = 0; i < lt.n; i++) {
            adds[lt.acquiredMonth[i]]++;
            int lm = lt.lostMonth[i];
            if (lm != Integer.MAX_VALUE) {
                lost[lm]++;
                if (lm == lt.acquiredMonth[i]) {
                    lostSameMonth[lm]++;
                }
            }
        }
        activeStart = new long[period + 2];
        for (int k = 0; k <= period; k++) {
            activeStart[k + 1] = activeStart[k] + adds[k] - lost[k];
        }
    }

    private boolean known(int m) {
        return m >= 0 && m <= period;
    }

    /** @return lost in month m / active at its start, or null */
    Double monthlyRate(int m) {
        if (!known(m) || activeStart[m] == 0) {
            return null;
        }
        return (double) lost[m] / activeStart[m];
    }

    /** @return customers lost in months m−11..m / mean of the 12 month-start counts, or null */
    Double rate12(int m) {
        if (!known(m) || m - 11 < 0) {
            return null;
        }
        double mean = averageStart12(m);
        return mean == 0 ? null : lost12(m) / mean;
    }

    long lost12(int m) {
        long s = 0;
        for (int k = Math.max(0, m - 11); k <= m; k++) {
            s += lost[k];
        }
        return s;
    }

    double averageStart12(int m) {
        long s = 0;
        for (int k = m - 11; k <= m; k++) {
            s += k >= 0 ? activeStart[k] : 0;
        }
        return s / 12.0;
    }

    /** @return active at the end of month m, or null */
    Double activeEnd(int m) {
        return known(m) ? (double) activeStart[m + 1] : null;
    }

    Double grossAdds(int m) {
        return known(m) ? (double) adds[m] : null;
    }

    Double netGrowth(int m) {
        return known(m) ? (double) (adds[m] - lost[m]) : null;
    }
}
