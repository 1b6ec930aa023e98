package io.klarsyn.metrics.churn.internal;

import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * Maximum-likelihood logistic regression by Newton–Raphson (= IRLS for the logit link), with step
 * halving, on a sparse design: each row lists at most {@code width} (column, value) pairs, so
 * dummy-coded attributes cost one entry per attribute, not one per level.
 *
 * <p>Convergence as R's {@code glm}: |ΔD| / (|D| + 0.1) &lt; 1e-10 on the deviance D. A fit that
 * cannot be trusted is reported as a {@link Failure} naming the column: a constant column, a
 * column that is a linear combination of earlier ones, or (quasi-)complete separation (the
 * likelihood keeps rising as a coefficient runs off to ±∞).
 */
final class LogisticRegression {

    static final int MAX_ITERATIONS = 50;

    private LogisticRegression() {
    }

    /**
     * Sparse design matrix. Row i's entries are {@code idx[i*width + k]} (column, or -1 for none)
     * with value {@code val[i*width + k]}. Column 0 is the intercept and must be in every row.
     */
    record Design(int rows, int columns, int width, int[] idx, double[] val) {

        /** @return a design holding every cell of {@code x} (rows × columns, column 0 = 1) */
        static Design dense(double[][] x) {
            int n = x.length;
            int p = x[0].length;
            int[] idx = new int[n * p];
            double[] val = new double[n * p];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < p; j++) {
                    idx[i * p + j] = j;
                    val[i * p + j] = x[i][j];
                }
            }
            return new Design(n, p, p, idx, val);
        }
    }

    sealed interface Outcome permits Fit, Failure {
    }

    /**
     * @param beta coefficients per column
     * @param se their standard errors (inverse observed information)
     * @param auc area under the ROC curve of the fitted probabilities (ties count one half)
     */
    record Fit(double[] beta, double[] se, double logLikelihood, double nullLogLikelihood, int iterations,
            boolean converged, double auc, int n, int events) implements Outcome {

        double mcFaddenR2() {
            return 1.0 - logLikelihood / nullLogLikelihood;
        }

        double p(int j) {
            return Stats.normalTwoSided(beta[j] / se[j]);
        }
    }

    /** Why no fit: the reason code and the offending column. */
    record Failure(String reason, int column, int iterations) implements Outcome {
        static final String CONSTANT = "constant";
        static final String COLLINEAR = "collinear";
        static final String SEPARATION = "separation";
        static final String NO_VARIATION = "noVariation";
    }

    static Outcome fit(Design d, boolean[] y, BooleanSupplier cancelled) {
        int n = d.rows();
        int p = d.columns();
        int events = 0;
        for (int i = 0; i < n; i++) {
            if (y[i]) {
                events++;
            }
        }
        if (events == 0 || events == n) {
            return new Failure(Failure.NO_VARIATION, 0, 0);
        }
        Outcome pre = precheck(d, y);
        if (pre != null) {
            return pre;
        }
        double ybar = (double) events / n;
        double ll0 = events * Math.log(ybar) + (n - events) * Math.log(1 - ybar);
        double[] beta = new double[p];
        beta[0] = Math.log(ybar / (1 - ybar));
        Pass state = pass(d, y, beta, cancelled);
        int[] failedColumn = new int[1];
        boolean converged = false;
        int iter = 0;
        while (iter < MAX_ITERATIONS) {
            iter++;
            double[] scale = new double[p];
            double[][] hs = scaled(state.hessian, scale);
            double[][] l = Linear.cholesky(hs, 1e-10, failedColumn);
            if (l == null) {
                return new Failure(Failure.COLLINEAR, failedColumn[0], iter);
            }
            double[] g = new double[p];
            for (int j = 0; j < p; j++) {
                g[j] = state.gradient[j] * scale[j];
            }
            double[] delta = Linear.solve(l, g);
            for (int j = 0; j < p; j++) {
                delta[j] *= scale[j];
            }
            double[] cand = new double[p];
            Pass next = null;
            for (int half = 0; half < 30; half++) {
                for (int j = 0; j < p; j++) {
                    cand[j] = beta[j] + delta[j];
                }
                next = pass(d, y, cand, cancelled);
                if (next.logLik >= state.logLik - 1e-12 * Math.abs(state.logLik)) {
                    break;
                }
                for (int j = 0; j < p; j++) {
                    delta[j] /= 2;
                }
            }
            double devOld = -2 * state.logLik;
            double dev = -2 * next.logLik;
            beta = cand;
            state = next;
            if (Math.abs(dev - devOld) / (Math.abs(dev) + 0.1) < 1e-10) {
                converged = true;
                break;
            }
        }
        double[] scale = new double[p];
        double[][] hs = scaled(state.hessian, scale);
        double[][] l = Linear.cholesky(hs, 1e-13, failedColumn);
        if (l == null) {
            return new Failure(converged ? Failure.COLLINEAR : Failure.SEPARATION, failedColumn[0], iter);
        }
        double[][] inv = Linear.inverse(l);
        double[] se = new double[p];
        for (int j = 0; j < p; j++) {
            se[j] = Math.sqrt(inv[j][j]) * scale[j];
        }
        int worst = separatedColumn(beta, se, d);
        if (!converged || worst >= 0) {
            if (worst < 0) {
                worst = largestStandardized(beta, se);
            }
            return new Failure(Failure.SEPARATION, worst, iter);
        }
        double auc = auc(d, y, beta);
        return new Fit(beta, se, state.logLik, ll0, iter, true, auc, n, events);
    }

    /*
     * Constant columns, and 0/1 columns where all rows with a 1 (or all with a 0) share one
     * outcome: such a coefficient's MLE is infinite (quasi-complete separation).
     */
    private static Outcome precheck(Design d, boolean[] y) {
        int p = d.columns();
        int n = d.rows();
        double[] min = new double[p];
        double[] max = new double[p];
        long[] count = new long[p];
        long[] ones = new long[p];
        long[] onesWithOutcome = new long[p];
        boolean[] binary = new boolean[p];
        Arrays.fill(min, Double.POSITIVE_INFINITY);
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
        Arrays.fill(binary, true);
        long events = 0;
        int w = d.width();
        for (int i = 0; i < n; i++) {
            if (y[i]) {
                events++;
            }
            for (int k = 0; k < w; k++) {
                int j = d.idx()[i * w + k];
                if (j < 0) {
                    continue;
                }
                double v = d.val()[i * w + k];
                count[j]++;
                min[j] = Math.min(min[j], v);
                max[j] = Math.max(max[j], v);
                if (v == 1.0) {
                    ones[j]++;
                    if (y[i]) {
                        onesWithOutcome[j]++;
                    }
                } else if (v != 0.0) {
                    binary[j] = false;
                }
            }
        }
        for (int j = 1; j < p; j++) {
            boolean sparse = count[j] < n;
            double lo = sparse ? Math.min(0, min[j]) : min[j];
            double hi = sparse ? Math.max(0, max[j]) : max[j];
            if (count[j] == 0 || lo == hi) {
                return new Failure(Failure.CONSTANT, j, 0);
            }
        }
        for (int j = 1; j < p; j++) {
            if (!binary[j]) {
                continue;
            }
            long zeros = n - ones[j];
            long zerosWithOutcome = events - onesWithOutcome[j];
            if (onesWithOutcome[j] == 0 || onesWithOutcome[j] == ones[j] || zerosWithOutcome == 0
                    || zerosWithOutcome == zeros) {
                return new Failure(Failure.SEPARATION, j, 0);
            }
        }
        return null;
    }

    /* A coefficient worth more than 10 log-odds per standard deviation of its column only arises when the likelihood has no finite maximum. */
    private static int separatedColumn(double[] beta, double[] se, Design d) {
        int p = beta.length;
        int w = d.width();
        double[] sum = new double[p];
        double[] sq = new double[p];
        for (int i = 0; i < d.rows(); i++) {
            for (int k = 0; k < w; k++) {
                int j = d.idx()[i * w + k];
                if (j >= 0) {
                    double v = d.val()[i * w + k];
                    sum[j] += v;
                    sq[j] += v * v;
                }
            }
        }
        int worst = -1;
        double big = 10;
        for (int j = 1; j < p; j++) {
            double mean = sum[j] / d.rows();
            double sd = Math.sqrt(Math.max(0, sq[j] / d.rows() - mean * mean));
            double size = Math.abs(beta[j]) * sd;
            if (!Double.isFinite(beta[j]) || !Double.isFinite(se[j])) {
                return j;
            }
            if (se[j] * sd > 50) {
                return j;
            }
            if (size > big) {
                big = size;
                worst = j;
            }
        }
        return worst;
    }

    private static int largestStandardized(double[] beta, double[] se) {
        int worst = 1;
        double big = -1;
        for (int j = 1; j < beta.length; j++) {
            double v = Math.abs(beta[j]) * (Double.isFinite(se[j]) ? 1 : 1e9);
            if (v > big) {
                big = v;
                worst = j;
            }
        }
        return worst;
    }

    private static double[][] scaled(double[][] h, double[] scale) {
        int p = h.length;
        for (int j = 0; j < p; j++) {
            scale[j] = h[j][j] > 0 ? 1 / Math.sqrt(h[j][j]) : 1;
        }
        double[][] s = new double[p][p];
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < p; b++) {
                s[a][b] = h[a][b] * scale[a] * scale[b];
            }
        }
        return s;
    }

    private record Pass(double logLik, double[] gradient, double[][] hessian) {
    }

    private static Pass pass(Design d, boolean[] y, double[] beta, BooleanSupplier cancelled) {
        int p = d.columns();
        int w = d.width();
        int[] idx = d.idx();
        double[] val = d.val();
        double[] g = new double[p];
        double[] h = new double[p * p];
        double ll = 0;
        for (int i = 0; i < d.rows(); i++) {
            if ((i & 0xFFFF) == 0 && cancelled.getAsBoolean()) {
                throw new CancellationException("cancelled");
            }
            int o = i * w;
            double eta = 0;
            for (int k = 0; k < w; k++) {
                int j = idx[o + k];
                if (j >= 0) {
                    eta += beta[j] * val[o + k];
                }
            }
            double mu;
            if (eta >= 0) {
                double e = Math.exp(-eta);
                mu = 1 / (1 + e);
                ll += (y[i] ? 0 : -eta) - Math.log1p(e);
            } else {
                double e = Math.exp(eta);
                mu = e / (1 + e);
                ll += (y[i] ? eta : 0) - Math.log1p(e);
            }
            double r = (y[i] ? 1 : 0) - mu;
            double wt = mu * (1 - mu);
            for (int k = 0; k < w; k++) {
                int a = idx[o + k];
                if (a < 0) {
                    continue;
                }
                double va = val[o + k];
                g[a] += r * va;
                double wa = wt * va;
                for (int m = k; m < w; m++) {
                    int b = idx[o + m];
                    if (b >= 0) {
                        h[a <= b ? a * p + b : b * p + a] += wa * val[o + m];
                    }
                }
            }
        }
        double[][] hm = new double[p][p];
        for (int a = 0; a < p; a++) {
            for (int b = a; b < p; b++) {
                hm[a][b] = h[a * p + b];
                hm[b][a] = h[a * p + b];
            }
        }
        return new Pass(ll, g, hm);
    }

    /** Mann–Whitney AUC of the linear predictor: P(score of a lost one &gt; score of a kept one), ties ½. */
    static double auc(Design d, boolean[] y, double[] beta) {
        int w = d.width();
        int pos = 0;
        for (boolean b : y) {
            if (b) {
                pos++;
            }
        }
        double[] sp = new double[pos];
        double[] sn = new double[d.rows() - pos];
        int a = 0;
        int b = 0;
        for (int i = 0; i < d.rows(); i++) {
            double eta = 0;
            for (int k = 0; k < w; k++) {
                int j = d.idx()[i * w + k];
                if (j >= 0) {
                    eta += beta[j] * d.val()[i * w + k];
                }
            }
            if (y[i]) {
                sp[a++] = eta;
            } else {
                sn[b++] = eta;
            }
        }
        return auc(sp, sn);
    }

    static double auc(double[] positives, double[] negatives) {
        double[] sp = positives.clone();
        double[] sn = negatives.clone();
        Arrays.sort(sp);
        Arrays.sort(sn);
        double wins = 0;
        int lo = 0;
        int hi = 0;
        for (double v : sp) {
            while (lo < sn.length && sn[lo] < v) {
                lo++;
            }
            if (hi < lo) {
                hi = lo;
            }
            while (hi < sn.length && sn[hi] <= v) {
                hi++;
            }
            wins += lo + 0.5 * (hi - lo);
        }
        return wins / ((double) sp.length * sn.length);
    }
}
