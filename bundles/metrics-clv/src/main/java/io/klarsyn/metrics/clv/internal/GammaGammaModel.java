package io.klarsyn.metrics.clv.internal;

import org.apache.commons.numbers.gamma.LogGamma;

/**
 * The Gamma-Gamma model of monetary value (Fader &amp; Hardie 2013, "The Gamma-Gamma model of
 * monetary value"; Fader, Hardie &amp; Lee 2005, "RFM and CLV"): the value of each repeat purchase
 * is Gamma(p, ν), ν ~ Gamma(q, γ) across customers. Fitted on repeat customers only, with x their
 * number of repeat purchases and m̄ the mean value of those repeat purchases.
 *
 * @param p shape of a transaction's value
 * @param q shape of the ν distribution
 * @param gamma scale of the ν distribution (currency units)
 */
record GammaGammaModel(double p, double q, double gamma) {

    /** Log-likelihood of one customer's mean repeat value {@code m} over {@code x} purchases. */
    double logLikelihood(int x, double m) {
        double px = p * x;
        return LogGamma.value(px + q) - LogGamma.value(px) - LogGamma.value(q) + q * Math.log(gamma)
                + (px - 1) * Math.log(m) + px * Math.log(x) - (px + q) * Math.log(gamma + m * x);
    }

    /** @return E[M | x, m̄]: expected value of a future purchase; for x = 0 the population mean pγ/(q−1) */
    double expectedSpend(int x, double m) {
        if (x == 0) {
            return p * gamma / (q - 1);
        }
        return p * (gamma + x * m) / (p * x + q - 1);
    }

    /** The result of a fit. */
    record Fit(GammaGammaModel model, double[] standardErrors, double logLikelihood, boolean converged, int iterations,
            String reason) {
    }

    static Fit fit(int[] x, double[] m, Runnable checkCancelled) {
        int n = x.length;
        java.util.function.ToDoubleFunction<double[]> negMean = v -> {
            GammaGammaModel g = new GammaGammaModel(Math.exp(v[0]), Math.exp(v[1]), Math.exp(v[2]));
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += g.logLikelihood(x[i], m[i]);
            }
            return Double.isFinite(s) ? -s / n : Double.POSITIVE_INFINITY;
        };
        double meanM = 0;
        for (double v : m) {
            meanM += v;
        }
        meanM /= n;
        double[] start = {0, Math.log(2), Math.log(Math.max(1e-6, meanM))};
        Minimizer.Result res = Minimizer.minimize(negMean, start, 500, 1e-8, checkCancelled);
        double[] v = res.x();
        GammaGammaModel g = new GammaGammaModel(Math.exp(v[0]), Math.exp(v[1]), Math.exp(v[2]));
        double[][] h = Minimizer.hessian(negMean, v);
        for (double[] row : h) {
            for (int j = 0; j < row.length; j++) {
                row[j] *= n;
            }
        }
        double[][] cov = Minimizer.inverse(h);
        double[] theta = {g.p, g.q, g.gamma};
        double[] se = new double[3];
        for (int i = 0; i < 3; i++) {
            se[i] = cov == null || cov[i][i] < 0 ? Double.NaN : theta[i] * Math.sqrt(cov[i][i]);
        }
        boolean ok = res.converged() && g.q > 1;
        String reason = res.converged() && g.q <= 1 ? "q ≤ 1: the expected spend is undefined (mean of the ν distribution does not exist)"
                : res.reason();
        return new Fit(g, se, -res.value() * n, ok, res.iterations(), reason);
    }
}
