package io.klarsyn.metrics.churn.internal;

/** Small dense linear algebra for symmetric positive definite systems (Cholesky). */
final class Linear {

    private Linear() {
    }

    /**
     * Cholesky factor L (lower) of a symmetric positive definite matrix, in place of a copy.
     *
     * @return L, or {@code null} when a pivot is not positive beyond the relative tolerance; then
     *         {@code failed[0]} holds the index of the first failing column
     */
    static double[][] cholesky(double[][] a, double relTol, int[] failed) {
        int n = a.length;
        double[][] l = new double[n][n];
        for (int j = 0; j < n; j++) {
            double s = a[j][j];
            for (int k = 0; k < j; k++) {
                s -= l[j][k] * l[j][k];
            }
            if (!(s > relTol * Math.max(Math.abs(a[j][j]), Double.MIN_NORMAL))) {
                if (failed != null) {
                    failed[0] = j;
                }
                return null;
            }
            double d = Math.sqrt(s);
            l[j][j] = d;
            for (int i = j + 1; i < n; i++) {
                double t = a[i][j];
                for (int k = 0; k < j; k++) {
                    t -= l[i][k] * l[j][k];
                }
                l[i][j] = t / d;
            }
        }
        return l;
    }

    static double[] solve(double[][] l, double[] b) {
        int n = b.length;
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double t = b[i];
            for (int k = 0; k < i; k++) {
                t -= l[i][k] * y[k];
            }
            y[i] = t / l[i][i];
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double t = y[i];
            for (int k = i + 1; k < n; k++) {
                t -= l[k][i] * x[k];
            }
            x[i] = t / l[i][i];
        }
        return x;
    }

    /** @return the solution of a x = b, or {@code null} when a is not positive definite */
    static double[] solveSymmetric(double[][] a, double[] b) {
        double[][] l = cholesky(a, 1e-12, null);
        return l == null ? null : solve(l, b);
    }

    /** @return the inverse from a Cholesky factor */
    static double[][] inverse(double[][] l) {
        int n = l.length;
        double[][] inv = new double[n][];
        for (int j = 0; j < n; j++) {
            double[] e = new double[n];
            e[j] = 1;
            inv[j] = solve(l, e);
        }
        return inv;
    }
}
