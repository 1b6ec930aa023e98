package io.klarsyn.metrics.clv.internal;

import java.util.function.ToDoubleFunction;

/**
 * Quasi-Newton (BFGS) minimisation with central-difference gradients and a backtracking
 * (Armijo) line search, for the few-parameter likelihoods of this bundle. Parameters are
 * unconstrained (the models optimise log-parameters).
 */
final class Minimizer {

    /**
     * @param x the minimiser
     * @param value the function value there
     * @param iterations iterations used
     * @param converged whether the gradient norm fell below the tolerance
     * @param reason why it stopped
     */
    record Result(double[] x, double value, int iterations, boolean converged, String reason) {
    }

    private Minimizer() {
    }

    static Result minimize(ToDoubleFunction<double[]> f, double[] start, int maxIterations, double gradTol,
            Runnable checkCancelled) {
        int n = start.length;
        double[] x = start.clone();
        double fx = f.applyAsDouble(x);
        if (!Double.isFinite(fx)) {
            return new Result(x, fx, 0, false, "the likelihood is not finite at the starting values");
        }
        double[] g = gradient(f, x);
        double[][] h = identity(n);
        for (int it = 1; it <= maxIterations; it++) {
            checkCancelled.run();
            if (norm(g) < gradTol) {
                return new Result(x, fx, it - 1, true, "gradient below " + gradTol);
            }
            double[] d = new double[n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    d[i] -= h[i][j] * g[j];
                }
            }
            double slope = dot(g, d);
            if (slope >= 0) {
                h = identity(n);
                d = neg(g);
                slope = dot(g, d);
            }
            double step = 1;
            double[] xn = new double[n];
            double fn = Double.NaN;
            boolean accepted = false;
            for (int k = 0; k < 60; k++) {
                for (int i = 0; i < n; i++) {
                    xn[i] = x[i] + step * d[i];
                }
                fn = f.applyAsDouble(xn);
                if (Double.isFinite(fn) && fn <= fx + 1e-4 * step * slope) {
                    accepted = true;
                    break;
                }
                step *= 0.5;
            }
            if (!accepted) {
                boolean flat = norm(g) < gradTol * 100;
                return new Result(x, fx, it, flat, flat ? "no further decrease possible near the optimum"
                        : "the line search found no lower likelihood (gradient norm " + norm(g) + ")");
            }
            double[] gn = gradient(f, xn);
            double[] s = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                s[i] = xn[i] - x[i];
                y[i] = gn[i] - g[i];
            }
            double sy = dot(s, y);
            if (sy > 1e-12) {
                double[] hy = new double[n];
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        hy[i] += h[i][j] * y[j];
                    }
                }
                double yhy = dot(y, hy);
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        h[i][j] += ((sy + yhy) * s[i] * s[j]) / (sy * sy) - (hy[i] * s[j] + s[i] * hy[j]) / sy;
                    }
                }
            }
            double change = Math.abs(fx - fn);
            x = xn;
            g = gn;
            fx = fn;
            if (change < 1e-12 * Math.max(1, Math.abs(fx)) && norm(g) < gradTol * 100) {
                return new Result(x, fx, it, true, "no further decrease");
            }
        }
        return new Result(x, fx, maxIterations, norm(g) < gradTol,
                "stopped after " + maxIterations + " iterations (gradient norm " + norm(g) + ")");
    }

    static double[] gradient(ToDoubleFunction<double[]> f, double[] x) {
        double[] g = new double[x.length];
        double[] p = x.clone();
        for (int i = 0; i < x.length; i++) {
            double h = 1e-5 * Math.max(1, Math.abs(x[i]));
            p[i] = x[i] + h;
            double up = f.applyAsDouble(p);
            p[i] = x[i] - h;
            double down = f.applyAsDouble(p);
            p[i] = x[i];
            g[i] = (up - down) / (2 * h);
        }
        return g;
    }

    /** Central-difference Hessian of {@code f} at {@code x}. */
    static double[][] hessian(ToDoubleFunction<double[]> f, double[] x) {
        int n = x.length;
        double[][] hm = new double[n][n];
        double[] p = x.clone();
        double f0 = f.applyAsDouble(x);
        for (int i = 0; i < n; i++) {
            double hi = 1e-4 * Math.max(1, Math.abs(x[i]));
            for (int j = i; j < n; j++) {
                double hj = 1e-4 * Math.max(1, Math.abs(x[j]));
                double v;
                if (i == j) {
                    p[i] = x[i] + hi;
                    double up = f.applyAsDouble(p);
                    p[i] = x[i] - hi;
                    double down = f.applyAsDouble(p);
                    p[i] = x[i];
                    v = (up - 2 * f0 + down) / (hi * hi);
                } else {
                    p[i] = x[i] + hi; p[j] = x[j] + hj;
                    double pp = f.applyAsDouble(p);
                    p[j] = x[j] - hj;
                    double pm = f.applyAsDouble(p);
                    p[i] = x[i] - hi;
                    double mm = f.applyAsDouble(p);
                    p[j] = x[j] + hj;
                    double mp = f.applyAsDouble(p);
                    p[i] = x[i]; p[j] = x[j];
                    v = (pp - pm - mp + mm) / (4 * hi * hj);
                }
                hm[i][j] = v;
                hm[j][i] = v;
            }
        }
        return hm;
    }

    /** Inverse of a small symmetric positive-definite matrix (Gauss–Jordan); {@code null} if singular. */
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
            if (Math.abs(a[piv][c]) < 1e-300) {
                return null;
            }
            double[] t = a[c]; a[c] = a[piv]; a[piv] = t;
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

    private static double[][] identity(int n) {
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            m[i][i] = 1;
        }
        return m;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    private static double[] neg(double[] a) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = -a[i];
        }
        return r;
    }
}
