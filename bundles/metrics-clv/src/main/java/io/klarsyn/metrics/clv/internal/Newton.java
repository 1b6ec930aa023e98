package io.klarsyn.metrics.clv.internal;

/**
 * Damped Newton maximisation of a smooth log-likelihood with exact gradient and Hessian, for the
 * few-parameter models of this bundle. The models hand over derivatives in their natural parameters
 * φ &gt; 0; the search runs in θ = ln φ, which keeps every parameter positive without bounds.
 *
 * <p>Each step solves (−H + λI) d = g by Cholesky: λ = 0 where −H is positive definite (pure
 * Newton, quadratic convergence near the optimum); where it is not, λ grows tenfold until it is
 * (Levenberg–Marquardt). Steps are capped at 3 in log space (a factor of 20 in a parameter) and
 * accepted by a backtracking Armijo search; should the Newton direction fail, a curvature-scaled
 * gradient step is tried. Converged once the Newton decrement g·(−H)⁻¹g falls below 1e−6, after one
 * last full Newton step: the decrement is the squared length of the remaining step measured in
 * standard errors, so the step is then under 0.001 standard errors and, Newton converging
 * quadratically, lands far closer still — whatever the number of customers. (A per-customer test
 * cannot do this: the rounding floor of a sum over n customers grows with n, and at a million
 * customers it sits above any fixed per-customer tolerance, while the likelihood can no longer tell
 * such steps apart from its own rounding.) Also converged when the gradient per customer is below 1e−13.
 */
final class Newton {

    // Why a fit stopped: stable codes for the fact stopReason (metrics.json), each with a text
    // fact.stopReason.<code> in the bundle's messages. The models add two of their own.
    static final String STOP_NOT_FINITE = "not-finite-at-start";
    static final String STOP_GRADIENT = "gradient-zero";
    static final String STOP_FINAL_STEP = "final-newton-step";
    static final String STOP_NO_ASCENT = "no-ascent-direction";
    static final String STOP_FLAT = "flat-at-optimum";
    static final String STOP_LINE_SEARCH = "line-search-failed";
    static final String STOP_MAX_ITERATIONS = "iteration-limit";
    static final String STOP_SINGULAR = "singular-information";
    static final String STOP_Q_AT_MOST_ONE = "q-at-most-one";

    /** A log-likelihood with its derivatives in the natural (positive) parameters. */
    interface Objective {
        /**
         * @param phi the parameters
         * @param grad receives the gradient of the log-likelihood
         * @param hess receives the Hessian
         * @return the log-likelihood, NaN or infinite where it is not defined
         */
        double evaluate(double[] phi, double[] grad, double[][] hess);
    }

    /**
     * @param phi the maximiser
     * @param value the log-likelihood there
     * @param grad its gradient there
     * @param hess its Hessian there (for standard errors)
     * @param iterations Newton steps taken
     * @param converged whether the convergence test passed
     * @param stop why it stopped, as a stable code (one of the {@code STOP_} constants; the fact
     *        {@code stopReason}, translated by the bundle's messages {@code fact.stopReason.<code>})
     * @param reason why it stopped, in words with the numbers (for the run log and test messages)
     */
    record Result(double[] phi, double value, double[] grad, double[][] hess, int iterations, boolean converged,
            String stop, String reason) {

        /** @return standard errors from the observed information (−H)⁻¹; NaN where it is not positive definite */
        double[] standardErrors() {
            int n = phi.length;
            double[][] info = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    info[i][j] = -hess[i][j];
                }
            }
            double[][] cov = inverse(info);
            double[] se = new double[n];
            for (int i = 0; i < n; i++) {
                se[i] = cov == null || !(cov[i][i] > 0) ? Double.NaN : Math.sqrt(cov[i][i]);
            }
            return se;
        }
    }

    private static final double MAX_STEP = 3;
    private static final double FINAL_STEP = 1e-6;

    private Newton() {
    }

    /**
     * @param f the log-likelihood
     * @param start starting values of the natural parameters (all &gt; 0)
     * @param weight total weight (customers) of the data, to judge convergence per customer
     * @param maxIterations at most this many Newton steps
     * @param checkCancelled called once per step; throws to stop
     */
    static Result maximize(Objective f, double[] start, double weight, int maxIterations, Runnable checkCancelled) {
        int n = start.length;
        double[] theta = new double[n];
        for (int i = 0; i < n; i++) {
            theta[i] = Math.log(start[i]);
        }
        double[] phi = start.clone();
        double[] g = new double[n];
        double[][] h = new double[n][n];
        double fx = f.evaluate(phi, g, h);
        if (!Double.isFinite(fx)) {
            return new Result(phi, fx, g, h, 0, false, STOP_NOT_FINITE, "the likelihood is not finite at the starting values");
        }
        double[] gt = new double[n];
        double[][] ht = new double[n][n];
        double[] gn = new double[n];
        double[][] hn = new double[n][n];
        for (int it = 1; it <= maxIterations; it++) {
            checkCancelled.run();
            toLog(phi, g, h, gt, ht);
            double largest = 0;
            for (double v : gt) {
                largest = Math.max(largest, Math.abs(v));
            }
            if (largest / weight < 1e-13) {
                return new Result(phi, fx, g, h, it - 1, true, STOP_GRADIENT, "gradient below 1e-13 per customer");
            }
            double[] d = solve(ht, gt, 0);
            double decrement = d == null ? Double.NaN : dot(gt, d);
            if (d != null && decrement < FINAL_STEP) {
                // within 0.001 standard errors of the maximum, where the quadratic model is exact to rounding
                // and the likelihood cannot tell the step apart from its own rounding (the gain is about
                // decrement / 2): take the Newton step as the last one; it lands within about 1e-6
                // standard errors (Newton converges quadratically).
                double[] phiN = new double[n];
                for (int i = 0; i < n; i++) {
                    phiN[i] = Math.exp(theta[i] + d[i]);
                }
                double fn = f.evaluate(phiN, gn, hn);
                if (Double.isFinite(fn) && fn >= fx - 1e-9 * Math.max(1, Math.abs(fx))) {
                    return new Result(phiN, fn, gn, hn, it, true, STOP_FINAL_STEP,
                            "last Newton step under 0.001 standard errors (decrement " + decrement + ")");
                }
            }
            double lambda = 1e-6 * scale(ht);
            for (int tries = 0; d == null && tries < 40; tries++, lambda *= 10) {
                d = solve(ht, gt, lambda); // not concave here: Levenberg–Marquardt damping
            }
            if (d == null) {
                return new Result(phi, fx, g, h, it - 1, false, STOP_NO_ASCENT, "no ascent direction could be found");
            }
            double[] thetaN = new double[n];
            double[] phiN = new double[n];
            double fn = Double.NaN;
            boolean accepted = false;
            for (int attempt = 0; attempt < 2 && !accepted; attempt++) {
                if (attempt == 1) {
                    // the Newton direction failed: fall back to gradient ascent scaled by the curvature
                    double sc = scale(ht);
                    for (int i = 0; i < n; i++) {
                        d[i] = gt[i] / sc;
                    }
                }
                double longest = 0;
                for (double v : d) {
                    longest = Math.max(longest, Math.abs(v));
                }
                if (longest > MAX_STEP) {
                    for (int i = 0; i < n; i++) {
                        d[i] *= MAX_STEP / longest;
                    }
                }
                double slope = dot(gt, d);
                double step = 1;
                for (int k = 0; k < 40; k++) {
                    for (int i = 0; i < n; i++) {
                        thetaN[i] = theta[i] + step * d[i];
                        phiN[i] = Math.exp(thetaN[i]);
                    }
                    fn = f.evaluate(phiN, gn, hn);
                    if (Double.isFinite(fn) && fn >= fx + 1e-4 * step * slope) {
                        accepted = true;
                        break;
                    }
                    step *= 0.5;
                }
            }
            if (!accepted) {
                // no higher value to be found, though the step is not yet negligible: converged if what is
                // left is within the rounding of the sum (remaining step under 0.01 standard errors)
                boolean flat = largest / weight < 1e-9 || decrement < 1e-4;
                return new Result(phi, fx, g, h, it, flat, flat ? STOP_FLAT : STOP_LINE_SEARCH,
                        flat ? "no further increase possible at the optimum"
                        : "the line search found no higher likelihood (largest gradient " + largest / weight + " per customer)");
            }
            theta = thetaN.clone();
            phi = phiN.clone();
            fx = fn;
            copy(gn, g);
            copy(hn, h);
        }
        toLog(phi, g, h, gt, ht);
        return new Result(phi, fx, g, h, maxIterations, false, STOP_MAX_ITERATIONS,
                "stopped after " + maxIterations + " iterations (gradient norm " + Math.sqrt(dot(gt, gt)) + ")");
    }

    /** Chain rule to θ = ln φ: g_θ = φ g, H_θ = D H D + diag(φ g). */
    private static void toLog(double[] phi, double[] g, double[][] h, double[] gt, double[][] ht) {
        int n = phi.length;
        for (int i = 0; i < n; i++) {
            gt[i] = phi[i] * g[i];
            for (int j = 0; j < n; j++) {
                ht[i][j] = phi[i] * phi[j] * h[i][j];
            }
            ht[i][i] += gt[i];
        }
    }

    private static double scale(double[][] h) {
        double s = 0;
        for (int i = 0; i < h.length; i++) {
            s = Math.max(s, Math.abs(h[i][i]));
        }
        return s == 0 ? 1 : s;
    }

    /** Solves (−H + λI) d = g by Cholesky; {@code null} when the matrix is not positive definite. */
    private static double[] solve(double[][] h, double[] g, double lambda) {
        int n = g.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = -h[i][j] + (i == j ? lambda : 0);
                for (int k = 0; k < j; k++) {
                    s -= l[i][k] * l[j][k];
                }
                if (i == j) {
                    if (!(s > 0)) {
                        return null;
                    }
                    l[i][i] = Math.sqrt(s);
                } else {
                    l[i][j] = s / l[j][j];
                }
            }
        }
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double s = g[i];
            for (int k = 0; k < i; k++) {
                s -= l[i][k] * y[k];
            }
            y[i] = s / l[i][i];
        }
        double[] d = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = y[i];
            for (int k = i + 1; k < n; k++) {
                s -= l[k][i] * d[k];
            }
            d[i] = s / l[i][i];
        }
        for (double v : d) {
            if (!Double.isFinite(v)) {
                return null;
            }
        }
        return d;
    }

    /** Inverse of a small symmetric matrix (Gauss–Jordan with pivoting); {@code null} if singular. */
    static double[][] inverse(double[][] m) {
        int n = m.length;
        double[][] a = new double[n][2 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(m[i], 0, a[i], 0, n);
            a[i][n + i] = 1;
        }
        for (int c = 0; c < n; c++) {
            int piv = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) {
                    piv = r;
                }
            }
            if (!(Math.abs(a[piv][c]) > 1e-300)) {
                return null;
            }
            double[] t = a[c];
            a[c] = a[piv];
            a[piv] = t;
            double d = a[c][c];
            for (int k = 0; k < 2 * n; k++) {
                a[c][k] /= d;
            }
            for (int r = 0; r < n; r++) {
                if (r != c) {
                    double fct = a[r][c];
                    for (int k = 0; k < 2 * n; k++) {
                        a[r][k] -= fct * a[c][k];
                    }
                }
            }
        }
        double[][] inv = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], n, inv[i], 0, n);
        }
        return inv;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static void copy(double[] from, double[] to) {
        System.arraycopy(from, 0, to, 0, from.length);
    }

    private static void copy(double[][] from, double[][] to) {
        for (int i = 0; i < from.length; i++) {
            System.arraycopy(from[i], 0, to[i], 0, from[i].length);
        }
    }
}
