package io.klarsyn.metrics.churn.internal;

import java.util.Arrays;
import java.util.function.BooleanSupplier;

/**
 * Kaplan–Meier survival with Greenwood variance, the median with its Brookmeyer–Crowley interval,
 * and the (Mantel–Haenszel) log-rank test across groups, from integer durations.
 *
 * <p>Durations are counted into per-time bins (O(n + maxTime)): at a tied time, events come before
 * censorings, as usual. The confidence band is the one R {@code survival} draws by default
 * ({@code conf.type = "log"}): S·exp(±z·√Σ d/(n(n−d))), capped at 1.
 */
final class Survival {

    /** Events per group and time. */
    final int[][] events;
    /** Censorings per group and time. */
    final int[][] censored;
    /** Customers per group. */
    final int[] size;
    final int groups;
    final int maxTime;

    /**
     * @param time durations ≥ 0
     * @param event whether each duration ended in the event (else censored)
     * @param group each one's group 0..groups-1, or -1 to leave it out; {@code null} = one group
     * @param groups number of groups
     */
    Survival(int[] time, boolean[] event, int[] group, int groups, BooleanSupplier cancelled) {
        int max = 0;
        for (int i = 0; i < time.length; i++) {
            if (time[i] < 0) {
                throw new IllegalArgumentException("negative duration " + time[i] + " at " + i);
            }
            max = Math.max(max, time[i]);
        }
        this.groups = groups;
        this.maxTime = max;
        events = new int[groups][max + 1];
        censored = new int[groups][max + 1];
        size = new int[groups];
        for (int i = 0; i < time.length; i++) {
            if ((i & 0xFFFF) == 0 && cancelled.getAsBoolean()) {
                throw new java.util.concurrent.CancellationException("cancelled");
            }
            int g = group == null ? 0 : group[i];
            if (g < 0) {
                continue;
            }
            size[g]++;
            if (event[i]) {
                events[g][time[i]]++;
            } else {
                censored[g][time[i]]++;
            }
        }
    }

    /** The pooled counts of all groups, as one group. */
    Survival pooled() {
        return new Survival(this);
    }

    private Survival(Survival s) {
        groups = 1;
        maxTime = s.maxTime;
        events = new int[1][maxTime + 1];
        censored = new int[1][maxTime + 1];
        size = new int[] {Arrays.stream(s.size).sum()};
        for (int g = 0; g < s.groups; g++) {
            for (int t = 0; t <= maxTime; t++) {
                events[0][t] += s.events[g][t];
                censored[0][t] += s.censored[g][t];
            }
        }
    }

    /** @return the Kaplan–Meier estimate of group {@code g} */
    Estimate estimate(int g) {
        int[] d = events[g];
        int[] c = censored[g];
        int k = 0;
        for (int t = 0; t <= maxTime; t++) {
            if (d[t] > 0) {
                k++;
            }
        }
        int[] times = new int[k];
        int[] atRisk = new int[k];
        int[] deaths = new int[k];
        double[] s = new double[k];
        double[] lo = new double[k];
        double[] hi = new double[k];
        int n = size[g];
        double surv = 1;
        double gw = 0;
        int j = 0;
        int totalEvents = 0;
        for (int t = 0; t <= maxTime; t++) {
            if (d[t] > 0) {
                times[j] = t;
                atRisk[j] = n;
                deaths[j] = d[t];
                totalEvents += d[t];
                surv *= 1.0 - (double) d[t] / n;
                if (n > d[t]) {
                    gw += (double) d[t] / ((double) n * (n - d[t]));
                    double w = Stats.Z95 * Math.sqrt(gw);
                    lo[j] = surv * Math.exp(-w);
                    hi[j] = Math.min(1.0, surv * Math.exp(w));
                } else {
                    gw = Double.NaN;
                    lo[j] = Double.NaN;
                    hi[j] = Double.NaN;
                }
                s[j] = surv;
                j++;
            }
            n -= d[t] + c[t];
        }
        return new Estimate(size[g], totalEvents, times, atRisk, deaths, s, lo, hi, maxFollowUp(g), this, g);
    }

    private int maxFollowUp(int g) {
        for (int t = maxTime; t >= 0; t--) {
            if (events[g][t] + censored[g][t] > 0) {
                return t;
            }
        }
        return 0;
    }

    /** @return the number of group {@code g} still at risk at time {@code t} (duration ≥ t) */
    int atRisk(int g, int t) {
        if (t <= 0) {
            return size[g];
        }
        int gone = 0;
        for (int s = 0; s < Math.min(t, maxTime + 1); s++) {
            gone += events[g][s] + censored[g][s];
        }
        return size[g] - gone;
    }

    /**
     * The log-rank test of equal survival across the groups that have members.
     *
     * @return chi-square, degrees of freedom, p-value, then per group observed and expected events
     */
    LogRank logRank() {
        int[] used = java.util.stream.IntStream.range(0, groups).filter(g -> size[g] > 0).toArray();
        int k = used.length;
        double[] observed = new double[k];
        double[] expected = new double[k];
        double[][] v = new double[k][k];
        int[] n = new int[k];
        for (int a = 0; a < k; a++) {
            n[a] = size[used[a]];
        }
        for (int t = 0; t <= maxTime; t++) {
            int dTot = 0;
            int nTot = 0;
            for (int a = 0; a < k; a++) {
                dTot += events[used[a]][t];
                nTot += n[a];
            }
            if (dTot > 0) {
                double factor = nTot > 1 ? (double) dTot * (nTot - dTot) / (nTot - 1.0) : 0;
                for (int a = 0; a < k; a++) {
                    double pa = (double) n[a] / nTot;
                    observed[a] += events[used[a]][t];
                    expected[a] += dTot * pa;
                    for (int b = 0; b < k; b++) {
                        double pb = (double) n[b] / nTot;
                        v[a][b] += factor * pa * ((a == b ? 1 : 0) - pb);
                    }
                }
            }
            for (int a = 0; a < k; a++) {
                n[a] -= events[used[a]][t] + censored[used[a]][t];
            }
        }
        if (k < 2) {
            return new LogRank(Double.NaN, 0, Double.NaN, used, observed, expected);
        }
        int m = k - 1;
        double[] u = new double[m];
        double[][] a = new double[m][m];
        for (int i = 0; i < m; i++) {
            u[i] = observed[i] - expected[i];
            System.arraycopy(v[i], 0, a[i], 0, m);
        }
        double[] x = Linear.solveSymmetric(a, u);
        if (x == null) {
            return new LogRank(Double.NaN, m, Double.NaN, used, observed, expected);
        }
        double chi2 = 0;
        for (int i = 0; i < m; i++) {
            chi2 += u[i] * x[i];
        }
        return new LogRank(chi2, m, Stats.chiSquareSurvival(chi2, m), used, observed, expected);
    }

    /** Result of {@link #logRank()}; {@code groups} are the group indices that took part. */
    record LogRank(double chi2, int df, double p, int[] groups, double[] observed, double[] expected) {
    }

    /**
     * A Kaplan–Meier curve: one entry per distinct event time.
     *
     * @param n customers in the group
     * @param totalEvents events in the group
     * @param maxFollowUp the largest duration (event or censoring)
     */
    record Estimate(int n, int totalEvents, int[] times, int[] atRisk, int[] deaths, double[] survival,
            double[] lower, double[] upper, int maxFollowUp, Survival source, int group) {

        /** @return S(t), the estimate just after time t */
        double survivalAt(double t) {
            return stepValue(survival, t, 1.0);
        }

        double lowerAt(double t) {
            return stepValue(lower, t, 1.0);
        }

        double upperAt(double t) {
            return stepValue(upper, t, 1.0);
        }

        private double stepValue(double[] y, double t, double before) {
            if (t > maxFollowUp) {
                return Double.NaN;
            }
            int i = lastIndexAtOrBefore(t);
            return i < 0 ? before : y[i];
        }

        private int lastIndexAtOrBefore(double t) {
            int lo = 0;
            int hi = times.length - 1;
            int ans = -1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                if (times[mid] <= t) {
                    ans = mid;
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            return ans;
        }

        /** @return the median survival time, or NaN when the curve stays above 0.5 */
        double median() {
            return quantileTime(survival);
        }

        /** @return the lower limit of the median's 95 % interval: where the lower band reaches 0.5 */
        double medianLower() {
            return quantileTime(lower);
        }

        /** @return the upper limit: where the upper band reaches 0.5; NaN = not reached */
        double medianUpper() {
            return quantileTime(upper);
        }

        /*
         * First time the step function falls to 0.5 or below; where it sits exactly on 0.5, the
         * midpoint to the next time, as R's survfit does.
         */
        private double quantileTime(double[] y) {
            for (int i = 0; i < times.length; i++) {
                if (Double.isNaN(y[i])) {
                    continue;
                }
                if (Math.abs(y[i] - 0.5) < 1e-12) {
                    return i + 1 < times.length ? (times[i] + times[i + 1]) / 2.0 : times[i];
                }
                if (y[i] < 0.5) {
                    return times[i];
                }
            }
            return Double.NaN;
        }

        /** @return the number at risk at time t (durations ≥ t) */
        int atRiskAt(int t) {
            return source.atRisk(group, t);
        }
    }
}
