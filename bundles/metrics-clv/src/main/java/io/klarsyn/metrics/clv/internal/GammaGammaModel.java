package io.klarsyn.metrics.clv.internal;

import org.apache.commons.numbers.gamma.Digamma;
import org.apache.commons.numbers.gamma.LogGamma;
import org.apache.commons.numbers.gamma.Trigamma;

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
            String stop, String reason) {
    }

    /**
     * Maximum-likelihood fit by damped Newton with the exact gradient and Hessian; standard errors
     * from the observed information.
     *
     * @param x repeat purchases of each repeat customer (&ge; 1)
     * @param m each one's mean repeat-purchase value (&gt; 0)
     */
    static Fit fit(int[] x, double[] m, Runnable checkCancelled) {
        return fit(x, m, checkCancelled, true);
    }

    /** Customers in the sample that gives a large fit its starting values. */
    static final int WARM_START_CUSTOMERS = 20_000;

    /** @param warmStart whether a large fit may start from the fit on a sample of its customers */
    static Fit fit(int[] x, double[] m, Runnable checkCancelled, boolean warmStart) {
        Likelihood ll = new Likelihood(x, m);
        double meanM = 0;
        for (double v : m) {
            meanM += v;
        }
        meanM /= m.length;
        // start: p = 1, q = 2 and γ such that the mean spend pγ/(q−1) equals the observed mean
        double[] start = {1, 2, Math.max(1e-6, meanM)};
        if (warmStart && m.length > 4 * WARM_START_CUSTOMERS) {
            // start from the fit on a systematic sample: the full fit then needs only its last steps
            int stride = m.length / WARM_START_CUSTOMERS;
            int k = (m.length + stride - 1) / stride;
            int[] sx = new int[k];
            double[] sm = new double[k];
            for (int i = 0, j = 0; i < m.length; i += stride, j++) {
                sx[j] = x[i];
                sm[j] = m[i];
            }
            Newton.Result warm = Newton.maximize(new Likelihood(sx, sm), start, k, 200, checkCancelled);
            if (warm.converged()) {
                start = warm.phi();
            }
        }
        Newton.Result res = Newton.maximize(ll, start, m.length, 200, checkCancelled);
        double[] phi = res.phi();
        GammaGammaModel g = new GammaGammaModel(phi[0], phi[1], phi[2]);
        double[] se = res.standardErrors();
        boolean ok = res.converged() && g.q > 1;
        boolean undefined = res.converged() && g.q <= 1;
        String reason = undefined ? "q ≤ 1: the expected spend is undefined (mean of the ν distribution does not exist)"
                : res.reason();
        return new Fit(g, se, res.value(), ok, res.iterations(), undefined ? Newton.STOP_Q_AT_MOST_ONE : res.stop(),
                reason);
    }

    /**
     * The log-likelihood summed over customers, with exact derivatives in (p, q, γ). Customers are
     * grouped by x; per group of W customers with S = Σ ln m̄ the terms
     * W[lnΓ(px+q) − lnΓ(px) − lnΓ(q) + q ln γ + px ln x] + (px − 1) S − (px + q) Σ ln(γ + m̄x)
     * need, per evaluation, only Σ ln(γ + m̄x), Σ 1/(γ + m̄x) and Σ 1/(γ + m̄x)² over the group's
     * customers: one logarithm and one division per customer.
     */
    static final class Likelihood implements Newton.Objective {
        private final int[] groupX;
        private final int[] start;
        private final double[] mx;
        private final double[] sumLogM;

        Likelihood(int[] x, double[] m) {
            int n = x.length;
            int maxX = 0;
            for (int i = 0; i < n; i++) {
                if (x[i] < 1 || !(m[i] > 0) || !Double.isFinite(m[i])) {
                    throw new IllegalArgumentException("Gamma-Gamma needs x >= 1 and a positive mean value, got x=" + x[i]
                            + ", m=" + m[i]);
                }
                maxX = Math.max(maxX, x[i]);
            }
            // counting sort by x: group g holds the customers with the g-th distinct x
            int[] count = new int[maxX + 2];
            for (int v : x) {
                count[v + 1]++;
            }
            int groups = 0;
            for (int v = 1; v <= maxX + 1; v++) {
                if (count[v] > 0) {
                    groups++;
                }
            }
            groupX = new int[groups];
            start = new int[groups + 1];
            int gi = 0;
            for (int v = 0; v <= maxX; v++) {
                if (count[v + 1] > 0) {
                    groupX[gi++] = v;
                }
                count[v + 1] += count[v]; // count[v] = first position of x = v
            }
            for (int k = 0; k < groups; k++) {
                start[k] = count[groupX[k]];
            }
            start[groups] = n;
            mx = new double[n];
            sumLogM = new double[groups];
            int[] next = count;
            for (int i = 0; i < n; i++) {
                mx[next[x[i]]++] = m[i] * x[i];
            }
            for (int k = 0; k < groups; k++) {
                double s = 0;
                for (int j = start[k]; j < start[k + 1]; j++) {
                    s += Math.log(mx[j] / groupX[k]);
                }
                sumLogM[k] = s;
            }
        }

        @Override
        public double evaluate(double[] phi, double[] g, double[][] h) {
            double p = phi[0];
            double q = phi[1];
            double gam = phi[2];
            double lgQ = LogGamma.value(q);
            double dgQ = Digamma.value(q);
            double tgQ = Trigamma.value(q);
            double lnGam = Math.log(gam);
            double ll = 0, gp = 0, gq = 0, gg = 0, hpp = 0, hpq = 0, hqq = 0, hpg = 0, hqg = 0, hgg = 0;
            for (int k = 0; k < groupX.length; k++) {
                int x = groupX[k];
                double wk = start[k + 1] - start[k];
                double sumL = 0, sumR = 0, sumQ = 0;
                for (int j = start[k]; j < start[k + 1]; j++) {
                    double v = gam + mx[j];
                    double inv = 1 / v;
                    sumL += Math.log(v);
                    sumR += inv;
                    sumQ += inv * inv;
                }
                double px = p * x;
                double lnX = Math.log(x);
                ll += wk * (LogGamma.value(px + q) - LogGamma.value(px) - lgQ + q * lnGam + px * lnX)
                        + (px - 1) * sumLogM[k] - (px + q) * sumL;
                double dgPxQ = Digamma.value(px + q);
                double tgPxQ = Trigamma.value(px + q);
                gp += wk * x * (dgPxQ - Digamma.value(px) + lnX) + x * sumLogM[k] - x * sumL;
                gq += wk * (dgPxQ - dgQ + lnGam) - sumL;
                gg += wk * q / gam - (px + q) * sumR;
                hpp += wk * x * x * (tgPxQ - Trigamma.value(px));
                hpq += wk * x * tgPxQ;
                hqq += wk * (tgPxQ - tgQ);
                hpg -= x * sumR;
                hqg += wk / gam - sumR;
                hgg += -wk * q / (gam * gam) + (px + q) * sumQ;
            }
            g[0] = gp;
            g[1] = gq;
            g[2] = gg;
            double[][] u = {{hpp, hpq, hpg}, {hpq, hqq, hqg}, {hpg, hqg, hgg}};
            for (int i = 0; i < 3; i++) {
                System.arraycopy(u[i], 0, h[i], 0, 3);
            }
            return ll;
        }
    }
}
