package io.klarsyn.metrics.cx.internal;

import java.util.Random;

/**
 * The key-driver kernels: correlation matrix, subset R² from it, LMG (Shapley decomposition of
 * R²) exact over all subsets or sampled over permutations, and Johnson's relative weights.
 *
 * <p>All work on the correlation matrix {@code rxx} (k × k) of the drivers and the vector
 * {@code rxy} of their correlations with the outcome; R² of a subset S is
 * {@code r_S' R_SS⁻¹ r_S}, solved by Cholesky. A driver that is an exact linear combination of
 * drivers already in the subset adds nothing (its pivot is dropped), so collinear data gives the
 * least-squares R², not an error.
 */
final class Drivers {

    /** Largest k computed exactly over all 2^k subsets. */
    static final int EXACT_MAX = 15;

    private static final double PIVOT_TOL = 1e-10;

    private Drivers() {
    }

    /** Cooperative cancellation for long loops. */
    interface Cancel {
        void check();

        Cancel NONE = () -> { };
    }

    /** LMG shares (summing to r2) with, when sampled, their standard errors. */
    record Lmg(double[] shares, double r2, boolean exact, int permutations, double[] standardErrors) {
    }

    /**
     * Correlation matrix of columns (the outcome first, then the drivers) from accumulated
     * centred cross-products.
     */
    static final class Accumulator {
        private final int p;
        private final double[] shift;
        private final double[] sum;
        private final double[] cross; // upper triangle, p*p
        private long n;

        Accumulator(int columns) {
            p = columns;
            shift = new double[p];
            sum = new double[p];
            cross = new double[p * p];
        }

        /** Adds one complete row (length p). */
        void add(double[] row) {
            if (n == 0) {
                System.arraycopy(row, 0, shift, 0, p);
            }
            n++;
            for (int a = 0; a < p; a++) {
                double da = row[a] - shift[a];
                sum[a] += da;
                int base = a * p;
                for (int b = a; b < p; b++) {
                    cross[base + b] += da * (row[b] - shift[b]);
                }
            }
        }

        long n() {
            return n;
        }

        double mean(int a) {
            return shift[a] + sum[a] / n;
        }

        double variance(int a) {
            return (cross[a * p + a] - sum[a] * sum[a] / n) / (n - 1);
        }

        /** @return the p × p correlation matrix; a constant column gives NaN correlations */
        double[][] correlation() {
            double[][] c = new double[p][p];
            double[] sd = new double[p];
            for (int a = 0; a < p; a++) {
                sd[a] = Math.sqrt(Math.max(0, cross[a * p + a] - sum[a] * sum[a] / n));
            }
            for (int a = 0; a < p; a++) {
                c[a][a] = 1;
                for (int b = a + 1; b < p; b++) {
                    double cov = cross[a * p + b] - sum[a] * sum[b] / n;
                    double r = cov / (sd[a] * sd[b]);
                    c[a][b] = r;
                    c[b][a] = r;
                }
            }
            return c;
        }
    }

    /**
     * R² of the regression on the drivers in {@code mask} (bit j = driver j).
     *
     * @param work scratch of at least k*k + k doubles
     */
    static double subsetR2(double[][] rxx, double[] rxy, int mask, double[] work) {
        int k = rxy.length;
        int[] idx = new int[Integer.bitCount(mask)];
        int m = 0;
        for (int j = 0; j < k; j++) {
            if ((mask & (1 << j)) != 0) {
                idx[m++] = j;
            }
        }
        return prefixR2(rxx, rxy, idx, m, work, null);
    }

    /**
     * R² of the regression on the first {@code m} drivers of {@code order}: a Cholesky
     * factorisation of R_SS with the forward solve z = L⁻¹ r_S; R² = Σ z². When {@code steps}
     * is given, {@code steps[i]} receives z_i², the R² increment of adding order[i].
     */
    static double prefixR2(double[][] rxx, double[] rxy, int[] order, int m, double[] work, double[] steps) {
        // L stored row-major in work[0 .. m*m), z in work[m*m .. m*m+m)
        double r2 = 0;
        int zOff = m * m;
        for (int i = 0; i < m; i++) {
            int vi = order[i];
            double diag = 1.0; // rxx[vi][vi]
            double zi = rxy[vi];
            for (int j = 0; j < i; j++) {
                double lj = work[j * m + j];
                if (lj == 0) { // dropped (collinear) pivot
                    work[i * m + j] = 0;
                    continue;
                }
                double s = rxx[vi][order[j]];
                for (int t = 0; t < j; t++) {
                    s -= work[i * m + t] * work[j * m + t];
                }
                double lij = s / lj;
                work[i * m + j] = lij;
                diag -= lij * lij;
                zi -= lij * work[zOff + j];
            }
            if (diag <= PIVOT_TOL) {
                work[i * m + i] = 0;
                work[zOff + i] = 0;
                if (steps != null) {
                    steps[i] = 0;
                }
                continue;
            }
            double lii = Math.sqrt(diag);
            work[i * m + i] = lii;
            double z = zi / lii;
            work[zOff + i] = z;
            r2 += z * z;
            if (steps != null) {
                steps[i] = z * z;
            }
        }
        return r2;
    }

    /** LMG exactly: R² of all 2^k subsets, then the Shapley weights over them. */
    static Lmg lmgExact(double[][] rxx, double[] rxy, Cancel cancel) {
        int k = rxy.length;
        if (k > EXACT_MAX) {
            throw new IllegalArgumentException("exact LMG is limited to " + EXACT_MAX + " drivers, got " + k);
        }
        int subsets = 1 << k;
        double[] r2 = new double[subsets];
        double[] work = new double[k * k + k];
        int[] idx = new int[k];
        for (int mask = 1; mask < subsets; mask++) {
            if ((mask & 1023) == 0) {
                cancel.check();
            }
            int m = 0;
            for (int j = 0; j < k; j++) {
                if ((mask & (1 << j)) != 0) {
                    idx[m++] = j;
                }
            }
            r2[mask] = prefixR2(rxx, rxy, idx, m, work, null);
        }
        // weight of a subset S of size s not containing j: s!(k-1-s)!/k!
        double[] w = new double[k];
        for (int s = 0; s < k; s++) {
            w[s] = Math.exp(logFactorial(s) + logFactorial(k - 1 - s) - logFactorial(k));
        }
        double[] shares = new double[k];
        for (int mask = 0; mask < subsets; mask++) {
            if ((mask & 4095) == 0) {
                cancel.check();
            }
            double base = r2[mask];
            double ws = w[Integer.bitCount(mask) < k ? Integer.bitCount(mask) : 0];
            for (int j = 0; j < k; j++) {
                int bit = 1 << j;
                if ((mask & bit) == 0) {
                    shares[j] += ws * (r2[mask | bit] - base);
                }
            }
        }
        return new Lmg(shares, r2[subsets - 1], true, 0, new double[k]);
    }

    /**
     * LMG estimated from random orders: each order's R² increments are one draw of every driver's
     * contribution; the share is their mean and its standard error the draws' SD / √P.
     */
    static Lmg lmgSampled(double[][] rxx, double[] rxy, int permutations, long seed, Cancel cancel) {
        int k = rxy.length;
        Random rnd = new Random(seed);
        int[] order = new int[k];
        double[] steps = new double[k];
        double[] work = new double[k * k + k];
        double[] sum = new double[k];
        double[] sumSq = new double[k];
        for (int p = 0; p < permutations; p++) {
            if ((p & 63) == 0) {
                cancel.check();
            }
            for (int i = 0; i < k; i++) {
                order[i] = i;
            }
            for (int i = k - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            prefixR2(rxx, rxy, order, k, work, steps);
            for (int i = 0; i < k; i++) {
                sum[order[i]] += steps[i];
                sumSq[order[i]] += steps[i] * steps[i];
            }
        }
        double[] shares = new double[k];
        double[] se = new double[k];
        for (int j = 0; j < k; j++) {
            shares[j] = sum[j] / permutations;
            double var = permutations > 1
                    ? Math.max(0, (sumSq[j] - permutations * shares[j] * shares[j]) / (permutations - 1)) : 0;
            se[j] = Math.sqrt(var / permutations);
        }
        int[] all = new int[k];
        for (int i = 0; i < k; i++) {
            all[i] = i;
        }
        double r2 = prefixR2(rxx, rxy, all, k, work, null);
        return new Lmg(shares, r2, false, permutations, se);
    }

    /**
     * Johnson's (2000) relative weights: with R_xx = V diag(λ) V', Λ = V diag(√λ) V' (the
     * orthogonal counterparts' loadings), β = Λ⁻¹ r_xy, weight_j = Σ_m Λ_jm² β_m². They sum to R².
     */
    static double[] relativeWeights(double[][] rxx, double[] rxy) {
        int k = rxy.length;
        double[][] v = new double[k][k];
        double[] lambda = jacobiEigen(rxx, v);
        double[][] lam = new double[k][k];
        double[] beta = new double[k];
        double max = 0;
        for (double l : lambda) {
            max = Math.max(max, l);
        }
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                double s = 0;
                for (int e = 0; e < k; e++) {
                    s += v[a][e] * Math.sqrt(Math.max(0, lambda[e])) * v[b][e];
                }
                lam[a][b] = s;
            }
        }
        // β = V diag(1/√λ) V' r (pseudo-inverse for λ ≈ 0)
        double[] vr = new double[k];
        for (int e = 0; e < k; e++) {
            double s = 0;
            for (int a = 0; a < k; a++) {
                s += v[a][e] * rxy[a];
            }
            vr[e] = lambda[e] > 1e-12 * max ? s / Math.sqrt(lambda[e]) : 0;
        }
        for (int a = 0; a < k; a++) {
            double s = 0;
            for (int e = 0; e < k; e++) {
                s += v[a][e] * vr[e];
            }
            beta[a] = s;
        }
        double[] w = new double[k];
        for (int j = 0; j < k; j++) {
            double s = 0;
            for (int m = 0; m < k; m++) {
                s += lam[j][m] * lam[j][m] * beta[m] * beta[m];
            }
            w[j] = s;
        }
        return w;
    }

    /** Cyclic Jacobi eigen-decomposition of a symmetric matrix; columns of v are eigenvectors. */
    static double[] jacobiEigen(double[][] sym, double[][] v) {
        int n = sym.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            a[i] = sym[i].clone();
            java.util.Arrays.fill(v[i], 0);
            v[i][i] = 1;
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    off += a[p][q] * a[p][q];
                }
            }
            if (off < 1e-30) {
                break;
            }
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (Math.abs(a[p][q]) < 1e-300) {
                        continue;
                    }
                    double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int r = 0; r < n; r++) {
                        double arp = a[r][p];
                        double arq = a[r][q];
                        a[r][p] = c * arp - s * arq;
                        a[r][q] = s * arp + c * arq;
                    }
                    for (int r = 0; r < n; r++) {
                        double apr = a[p][r];
                        double aqr = a[q][r];
                        a[p][r] = c * apr - s * aqr;
                        a[q][r] = s * apr + c * aqr;
                    }
                    for (int r = 0; r < n; r++) {
                        double vrp = v[r][p];
                        double vrq = v[r][q];
                        v[r][p] = c * vrp - s * vrq;
                        v[r][q] = s * vrp + c * vrq;
                    }
                }
            }
        }
        double[] lambda = new double[n];
        for (int i = 0; i < n; i++) {
            lambda[i] = a[i][i];
        }
        return lambda;
    }

    static double logFactorial(int n) {
        double s = 0;
        for (int i = 2; i <= n; i++) {
            s += Math.log(i);
        }
        return s;
    }
}
