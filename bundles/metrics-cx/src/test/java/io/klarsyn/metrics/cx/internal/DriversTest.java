package io.klarsyn.metrics.cx.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;

import org.junit.jupiter.api.Test;

class DriversTest {

    /** Data: column 0 = outcome, then k drivers. */
    static double[][] correlated(int n, int k, double[] weights, double rho, double noise, long seed) {
        Random r = new Random(seed);
        double[][] rows = new double[n][k + 1];
        for (int i = 0; i < n; i++) {
            double common = r.nextGaussian();
            double y = 0;
            for (int j = 0; j < k; j++) {
                double x = Math.sqrt(rho) * common + Math.sqrt(1 - rho) * r.nextGaussian();
                rows[i][j + 1] = x;
                y += weights[j] * x;
            }
            rows[i][0] = y + noise * r.nextGaussian();
        }
        return rows;
    }

    record Corr(double[][] rxx, double[] rxy) {
    }

    static Corr corr(double[][] rows) {
        int p = rows[0].length;
        Drivers.Accumulator acc = new Drivers.Accumulator(p);
        for (double[] row : rows) {
            acc.add(row);
        }
        double[][] c = acc.correlation();
        int k = p - 1;
        double[][] rxx = new double[k][k];
        double[] rxy = new double[k];
        for (int a = 0; a < k; a++) {
            rxy[a] = c[0][a + 1];
            for (int b = 0; b < k; b++) {
                rxx[a][b] = c[a + 1][b + 1];
            }
        }
        return new Corr(rxx, rxy);
    }

    /**
     * Independent reference: R² of an OLS fit with intercept on the raw rows, via the normal
     * equations on centred data solved by Gaussian elimination with partial pivoting.
     */
    static double olsR2(double[][] rows, List<Integer> cols) {
        int n = rows.length;
        int m = cols.size();
        if (m == 0) {
            return 0;
        }
        double[] mean = new double[m + 1];
        for (double[] row : rows) {
            mean[0] += row[0] / n;
            for (int a = 0; a < m; a++) {
                mean[a + 1] += row[cols.get(a) + 1] / n;
            }
        }
        double[][] a = new double[m][m + 1];
        double syy = 0;
        for (double[] row : rows) {
            double y = row[0] - mean[0];
            syy += y * y;
            for (int u = 0; u < m; u++) {
                double xu = row[cols.get(u) + 1] - mean[u + 1];
                for (int v = 0; v < m; v++) {
                    a[u][v] += xu * (row[cols.get(v) + 1] - mean[v + 1]);
                }
                a[u][m] += xu * y;
            }
        }
        double[] xy = new double[m];
        for (int u = 0; u < m; u++) {
            xy[u] = a[u][m];
        }
        for (int c = 0; c < m; c++) {
            int piv = c;
            for (int r = c + 1; r < m; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) {
                    piv = r;
                }
            }
            double[] t = a[c];
            a[c] = a[piv];
            a[piv] = t;
            for (int r = 0; r < m; r++) {
                if (r != c) {
                    double f = a[r][c] / a[c][c];
                    for (int q = c; q <= m; q++) {
                        a[r][q] -= f * a[c][q];
                    }
                }
            }
        }
        double ssr = 0;
        for (int u = 0; u < m; u++) {
            ssr += a[u][m] / a[u][u] * xy[u];
        }
        return ssr / syy;
    }

    /** Brute force over all k! orders: each order adds each driver's R² increment; LMG = the mean. */
    static double[] bruteForceLmg(double[][] rows, int k) {
        double[] sum = new double[k];
        int[] count = {0};
        permute(new ArrayList<>(), k, rows, sum, count);
        for (int j = 0; j < k; j++) {
            sum[j] /= count[0];
        }
        return sum;
    }

    private static void permute(List<Integer> prefix, int k, double[][] rows, double[] sum, int[] count) {
        if (prefix.size() == k) {
            count[0]++;
            List<Integer> cur = new ArrayList<>();
            double before = 0;
            for (int j : prefix) {
                cur.add(j);
                double after = olsR2(rows, cur);
                sum[j] += after - before;
                before = after;
            }
            return;
        }
        for (int j = 0; j < k; j++) {
            if (!prefix.contains(j)) {
                prefix.add(j);
                permute(prefix, k, rows, sum, count);
                prefix.remove(prefix.size() - 1);
            }
        }
    }

    @Test
    void exactLmgMatchesBruteForceOverAllPermutations() {
        for (int k = 2; k <= 6; k++) {
            double[] w = new double[k];
            for (int j = 0; j < k; j++) {
                w[j] = 0.6 - 0.08 * j;
            }
            double[][] rows = correlated(300, k, w, 0.4, 1.0, 42 + k);
            Corr c = corr(rows);
            Drivers.Lmg lmg = Drivers.lmgExact(c.rxx(), c.rxy(), Drivers.Cancel.NONE);
            double[] brute = bruteForceLmg(rows, k);
            List<Integer> all = new ArrayList<>();
            for (int j = 0; j < k; j++) {
                all.add(j);
            }
            double r2 = olsR2(rows, all);
            assertThat(lmg.r2()).isCloseTo(r2, within(1e-10));
            double total = 0;
            for (int j = 0; j < k; j++) {
                assertThat(lmg.shares()[j]).as("k=%d driver %d", k, j).isCloseTo(brute[j], within(1e-10));
                total += lmg.shares()[j];
            }
            assertThat(total).isCloseTo(r2, within(1e-12));
        }
    }

    @Test
    void relativeWeightsCloseToLmgOnWellConditionedData() {
        double[] w = {0.5, 0.4, 0.3, 0.2, 0.1, 0.05};
        double[][] rows = correlated(5000, 6, w, 0.3, 0.8, 7);
        Corr c = corr(rows);
        Drivers.Lmg lmg = Drivers.lmgExact(c.rxx(), c.rxy(), Drivers.Cancel.NONE);
        double[] rw = Drivers.relativeWeights(c.rxx(), c.rxy());
        double sum = 0;
        for (int j = 0; j < 6; j++) {
            // Johnson (2000) and LeBreton et al. (2004): the two agree closely for moderate correlations
            assertThat(rw[j]).isCloseTo(lmg.shares()[j], within(0.01));
            sum += rw[j];
        }
        assertThat(sum).isCloseTo(lmg.r2(), within(1e-10)); // relative weights also sum to R²
    }

    @Test
    void uncorrelatedDriversRecoverTheirKnownWeights() {
        // y = Σ b_j x_j + e, x_j iid N(0,1), e ~ N(0, 0.5²): the true LMG share is b_j² / var(y),
        // var(y) = .25 + .16 + .09 + .04 + .01 + .0025 + .25 = 0.8025
        double[] b = {0.5, 0.4, 0.3, 0.2, 0.1, 0.05};
        double[][] rows = correlated(40000, 6, b, 0.0, 0.5, 11);
        Corr c = corr(rows);
        Drivers.Lmg lmg = Drivers.lmgExact(c.rxx(), c.rxy(), Drivers.Cancel.NONE);
        for (int j = 0; j < 6; j++) {
            assertThat(lmg.shares()[j]).isCloseTo(b[j] * b[j] / 0.8025, within(0.01));
        }
        assertThat(lmg.r2()).isCloseTo(0.5525 / 0.8025, within(0.01));
    }

    @Test
    void correlatedDriversKeepTheTrueOrder() {
        // with correlated drivers the shares are not b² but the order of known weights is kept
        double[] b = {0.1, 0.5, 0.05, 0.3, 0.2, 0.4};
        double[][] rows = correlated(40000, 6, b, 0.5, 0.7, 12);
        Corr c = corr(rows);
        double[] s = Drivers.lmgExact(c.rxx(), c.rxy(), Drivers.Cancel.NONE).shares();
        assertThat(s[1]).isGreaterThan(s[5]);
        assertThat(s[5]).isGreaterThan(s[3]);
        assertThat(s[3]).isGreaterThan(s[4]);
        assertThat(s[4]).isGreaterThan(s[0]);
        assertThat(s[0]).isGreaterThan(s[2]);
    }

    @Test
    void sampledLmgAgreesWithExactWithinItsStatedError() {
        double[] w = {0.5, 0.1, 0.3, 0.2, 0.4, 0.05, 0.25};
        double[][] rows = correlated(2000, 7, w, 0.5, 1.0, 3);
        Corr c = corr(rows);
        Drivers.Lmg exact = Drivers.lmgExact(c.rxx(), c.rxy(), Drivers.Cancel.NONE);
        Drivers.Lmg sampled = Drivers.lmgSampled(c.rxx(), c.rxy(), 4000, 99, Drivers.Cancel.NONE);
        double total = 0;
        for (int j = 0; j < 7; j++) {
            assertThat(sampled.standardErrors()[j]).isPositive();
            assertThat(Math.abs(sampled.shares()[j] - exact.shares()[j])).isLessThan(4 * sampled.standardErrors()[j]);
            total += sampled.shares()[j];
        }
        assertThat(total).isCloseTo(exact.r2(), within(1e-10)); // every order adds up to R²
    }

    @Test
    void collinearDriverGetsAnEqualShareAndNoError() {
        double[][] rows = correlated(500, 3, new double[] {0.5, 0.3, 0.2}, 0.2, 1.0, 5);
        double[][] dup = new double[rows.length][5];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, dup[i], 0, 4);
            dup[i][4] = rows[i][1]; // driver 3 = driver 0
        }
        Corr c = corr(dup);
        Drivers.Lmg lmg = Drivers.lmgExact(c.rxx(), c.rxy(), Drivers.Cancel.NONE);
        assertThat(lmg.shares()[3]).isCloseTo(lmg.shares()[0], within(1e-9));
        assertThat(lmg.r2()).isCloseTo(olsR2(rows, List.of(0, 1, 2)), within(1e-9));
    }

    @Test
    void exactLmgIsCancellable() {
        double[] w = new double[15];
        java.util.Arrays.fill(w, 0.1);
        Corr c = corr(correlated(200, 15, w, 0.3, 1.0, 1));
        assertThatThrownBy(() -> Drivers.lmgExact(c.rxx(), c.rxy(), () -> {
            throw new CancellationException("stop");
        })).isInstanceOf(CancellationException.class);
    }
}
