package io.klarsyn.metrics.clv.internal;

import org.apache.commons.numbers.gamma.LogGamma;

/**
 * The BG/NBD model of Fader, Hardie &amp; Lee (2005), "Counting your customers the easy way",
 * Marketing Science 24(2): purchases while alive are Poisson(λ), λ ~ Gamma(r, α); after each
 * repeat purchase the customer drops out with probability p, p ~ Beta(a, b).
 *
 * <p>Data per customer: x = repeat purchase occasions, t_x = time of the last purchase, T = length
 * of observation, both measured from the first purchase in the model's time unit. The fit works
 * on distinct (x, t_x, T) patterns with weights, so its cost grows with patterns, not customers.
 *
 * @param r shape of the purchase-rate gamma
 * @param alpha scale (rate parameter) of the purchase-rate gamma, in time units
 * @param a first beta parameter of the drop-out probability
 * @param b second beta parameter
 */
record BgNbdModel(double r, double alpha, double a, double b) {

    /** Log-likelihood of one customer (eq. 6 of the paper, in log-sum-exp form). */
    double logLikelihood(int x, double tx, double bigT) {
        double a1 = LogGamma.value(r + x) - LogGamma.value(r) + r * Math.log(alpha);
        double a2 = LogGamma.value(a + b) + LogGamma.value(b + x) - LogGamma.value(b) - LogGamma.value(a + b + x);
        return a1 + a2 + tail(x, tx, bigT);
    }

    private double tail(int x, double tx, double bigT) {
        double a3 = -(r + x) * Math.log(alpha + bigT);
        if (x == 0) {
            return a3;
        }
        double a4 = Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx);
        double m = Math.max(a3, a4);
        return m + Math.log(Math.exp(a3 - m) + Math.exp(a4 - m));
    }

    /** @return the probability that a customer with this history is still alive at T (eq. 11) */
    double probabilityAlive(int x, double tx, double bigT) {
        if (x == 0) {
            return 1;
        }
        double ratio = (r + x) * Math.log((alpha + bigT) / (alpha + tx));
        return 1 / (1 + (a / (b + x - 1)) * Math.exp(ratio));
    }

    /**
     * @return E[X(T, T + t) | x, t_x, T]: expected repeat purchases in the next {@code t} time
     *         units (eq. 10)
     */
    double conditionalExpectedPurchases(double t, int x, double tx, double bigT) {
        if (t <= 0) {
            return 0;
        }
        if (Math.abs(a - 1) < 1e-9) {
            // eq. 10 has a removable singularity at a = 1: nudge a so both sides of the ratio stay finite.
            return new BgNbdModel(r, alpha, 1 + 1e-7, b).conditionalExpectedPurchases(t, x, tx, bigT);
        }
        double z = t / (alpha + bigT + t);
        double hyp = Hyp2F1.value(r + x, b + x, a + b + x - 1, z);
        double factor = (a + b + x - 1) / (a - 1);
        double inner = 1 - Math.exp((r + x) * Math.log((alpha + bigT) / (alpha + bigT + t))) * hyp;
        double denom = 1;
        if (x > 0) {
            denom += (a / (b + x - 1)) * Math.exp((r + x) * Math.log((alpha + bigT) / (alpha + tx)));
        }
        double e = factor * inner / denom;
        if (!Double.isFinite(e) || e < -1e-9) {
            throw new ArithmeticException("BG/NBD expectation is not finite for x=" + x + ", t_x=" + tx + ", T=" + bigT);
        }
        return Math.max(0, e);
    }

    /** Distinct (x, t_x, T) patterns with their weights (number of customers). */
    record Patterns(int[] x, double[] tx, double[] bigT, double[] weight) {

        double totalWeight() {
            double s = 0;
            for (double w : weight) {
                s += w;
            }
            return s;
        }
    }

    /** The result of a maximum-likelihood fit. */
    record Fit(BgNbdModel model, double[] standardErrors, double logLikelihood, boolean converged, int iterations,
            String reason) {
    }

    /** Weighted log-likelihood; the lgamma terms are computed once per distinct x. */
    static double logLikelihood(BgNbdModel m, Patterns p, int[] xIndex, int[] distinctX) {
        double[] head = new double[distinctX.length];
        double lgR = LogGamma.value(m.r);
        double lgAB = LogGamma.value(m.a + m.b);
        double lgB = LogGamma.value(m.b);
        double lnAlpha = Math.log(m.alpha);
        for (int k = 0; k < distinctX.length; k++) {
            int x = distinctX[k];
            head[k] = LogGamma.value(m.r + x) - lgR + m.r * lnAlpha + lgAB + LogGamma.value(m.b + x) - lgB
                    - LogGamma.value(m.a + m.b + x);
        }
        double ll = 0;
        for (int i = 0; i < p.x.length; i++) {
            ll += p.weight[i] * (head[xIndex[i]] + m.tail(p.x[i], p.tx[i], p.bigT[i]));
        }
        return ll;
    }

    /** Maximum-likelihood fit in log-parameters by BFGS; standard errors from the observed information. */
    static Fit fit(Patterns p, Runnable checkCancelled) {
        int[] distinct = java.util.Arrays.stream(p.x).distinct().sorted().toArray();
        int[] xIndex = new int[p.x.length];
        for (int i = 0; i < p.x.length; i++) {
            xIndex[i] = java.util.Arrays.binarySearch(distinct, p.x[i]);
        }
        double n = p.totalWeight();
        double meanT = 0;
        for (int i = 0; i < p.x.length; i++) {
            meanT += p.weight[i] * p.bigT[i];
        }
        meanT /= n;
        java.util.function.ToDoubleFunction<double[]> negMean = v -> {
            BgNbdModel m = new BgNbdModel(Math.exp(v[0]), Math.exp(v[1]), Math.exp(v[2]), Math.exp(v[3]));
            double ll = logLikelihood(m, p, xIndex, distinct);
            return Double.isFinite(ll) ? -ll / n : Double.POSITIVE_INFINITY;
        };
        double[] start = {0, Math.log(Math.max(1e-3, meanT / 10)), 0, 0};
        Minimizer.Result res = Minimizer.minimize(negMean, start, 500, 1e-7, checkCancelled);
        double[] v = res.x();
        BgNbdModel m = new BgNbdModel(Math.exp(v[0]), Math.exp(v[1]), Math.exp(v[2]), Math.exp(v[3]));
        double[][] h = Minimizer.hessian(negMean, v);
        for (double[] row : h) {
            for (int j = 0; j < row.length; j++) {
                row[j] *= n;
            }
        }
        double[][] cov = Minimizer.inverse(h);
        double[] se = new double[4];
        double[] theta = {m.r, m.alpha, m.a, m.b};
        for (int i = 0; i < 4; i++) {
            se[i] = cov == null || cov[i][i] < 0 ? Double.NaN : theta[i] * Math.sqrt(cov[i][i]);
        }
        boolean converged = res.converged() && cov != null && java.util.Arrays.stream(se).allMatch(Double::isFinite);
        String reason = res.converged() && !converged ? "the information matrix is singular: a parameter is not identified by the data"
                : res.reason();
        return new Fit(m, se, -res.value() * n, converged, res.iterations(), reason);
    }
}
