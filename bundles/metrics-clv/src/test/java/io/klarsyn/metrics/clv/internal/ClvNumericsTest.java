package io.klarsyn.metrics.clv.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Numerical checks of the CLV models: the hand-derived derivatives of both likelihoods against
 * finite differences, the Euler-transformed BG/NBD expectation against eq. 10 as printed, and the
 * hypergeometric function against closed forms.
 */
class ClvNumericsTest {

    private static CdnowData data;

    @BeforeAll
    static void load() {
        data = CdnowData.load();
    }

    // ---------------------------------------------------------------- derivatives

    /**
     * Gradient and Hessian of {@link BgNbdModel.Likelihood} on the CDNOW patterns. The class hands
     * Newton derivatives in φ = (r, α, a, b); they are checked in θ = ln φ (where Newton searches):
     * g_θ = φ∘g and H_θ = D H D + diag(g_θ), D = diag(φ), against central differences in θ.
     */
    @Test
    void bgNbdDerivativesMatchFiniteDifferences() {
        BgNbdModel.Likelihood ll = new BgNbdModel.Likelihood(data.patterns());
        double[][] points = {
            {0.243, 4.414, 0.793, 2.426},   // published CDNOW estimates (gradient almost 0)
            {0.5, 2.0, 1.5, 4.0},
            {1.2, 10.0, 0.3, 0.8},          // b < 1: b + x − 1 < 1 for x = 1
            {0.05, 0.7, 3.0, 12.0},
            {2.0, 30.0, 1.0, 1.0},          // a = 1
        };
        for (double[] phi : points) {
            checkDerivatives("BG/NBD", ll, phi);
        }
    }

    /** The same for {@link GammaGammaModel.Likelihood} on the 946 CDNOW repeat customers, φ = (p, q, γ). */
    @Test
    void gammaGammaDerivativesMatchFiniteDifferences() {
        int n = 0;
        for (int x : data.x()) {
            n += x > 0 ? 1 : 0;
        }
        int[] x = new int[n];
        double[] m = new double[n];
        for (int i = 0, j = 0; i < data.size(); i++) {
            if (data.x()[i] > 0) {
                x[j] = data.x()[i];
                m[j++] = data.zbar()[i];
            }
        }
        GammaGammaModel.Likelihood ll = new GammaGammaModel.Likelihood(x, m);
        double[][] points = {
            {6.25, 3.74, 15.44},    // published CDNOW estimates
            {1.0, 2.0, 5.0},
            {20.0, 1.5, 100.0},
            {0.5, 8.0, 3.0},
        };
        for (double[] phi : points) {
            checkDerivatives("Gamma-Gamma", ll, phi);
        }
    }

    /**
     * Central differences in θ with Richardson extrapolation (error O(h⁴)): the gradient from values
     * of the likelihood, the Hessian twice — from the analytic gradient and, independently of it,
     * from values alone. Relative tolerance 1e−5 with a floor of 1 (the likelihoods are sums over
     * thousands of customers, so 1 is a small absolute scale; it matters only for gradient
     * components that vanish near the optimum).
     */
    private static void checkDerivatives(String name, Newton.Objective f, double[] phi0) {
        int n = phi0.length;
        double[] theta0 = new double[n];
        for (int i = 0; i < n; i++) {
            theta0[i] = Math.log(phi0[i]);
        }
        double[] g = new double[n];
        double[][] h = new double[n][n];
        double f0 = f.evaluate(phi0.clone(), g, h);
        assertThat(f0).as("%s LL at %s", name, java.util.Arrays.toString(phi0)).isFinite();
        double[] gt = new double[n];
        double[][] ht = new double[n][n];
        for (int i = 0; i < n; i++) {
            gt[i] = phi0[i] * g[i];
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                ht[i][j] = phi0[i] * phi0[j] * h[i][j] + (i == j ? gt[i] : 0);
            }
        }
        double worstG = 0, worstH = 0, worstH2 = 0;
        for (int i = 0; i < n; i++) {
            final int fi = i;
            // gradient from function values
            double gFd = richardson(step -> (value(f, theta0, fi, step) - value(f, theta0, fi, -step)) / (2 * step), 1e-3);
            worstG = Math.max(worstG, check(name + " dθ" + i, gt[i], gFd, phi0));
            // Hessian column i from the analytic gradient
            for (int j = 0; j < n; j++) {
                final int fj = j;
                double hFd = richardson(step -> (gradTheta(f, theta0, fi, step)[fj] - gradTheta(f, theta0, fi, -step)[fj])
                        / (2 * step), 1e-3);
                worstH = Math.max(worstH, check(name + " d²θ" + j + "θ" + i, ht[j][i], hFd, phi0));
                // and from function values only
                double hFf = richardson(step -> second(f, theta0, fi, fj, step), 1e-2);
                worstH2 = Math.max(worstH2, check(name + " d²θ" + j + "θ" + i + " (values)", ht[j][i], hFf, phi0));
            }
        }
        System.out.printf("%s at %s: LL %.4f, worst relative error gradient %.1e, Hessian %.1e (from gradient), %.1e"
                + " (from values)%n", name, java.util.Arrays.toString(phi0), f0, worstG, worstH, worstH2);
    }

    private static double check(String what, double analytic, double fd, double[] at) {
        double err = Math.abs(analytic - fd) / Math.max(Math.abs(analytic), 1);
        assertThat(err).as("%s at %s: analytic %s, finite difference %s", what, java.util.Arrays.toString(at), analytic, fd)
                .isLessThan(1e-5);
        return err;
    }

    private interface Diff {
        double at(double step);
    }

    private static double richardson(Diff d, double step) {
        return (4 * d.at(step / 2) - d.at(step)) / 3;
    }

    private static double[] phiAt(double[] theta0, int i, double di, int j, double dj) {
        double[] phi = new double[theta0.length];
        for (int k = 0; k < phi.length; k++) {
            phi[k] = Math.exp(theta0[k] + (k == i ? di : 0) + (k == j ? dj : 0));
        }
        return phi;
    }

    private static double value(Newton.Objective f, double[] theta0, int i, double d) {
        int n = theta0.length;
        return f.evaluate(phiAt(theta0, i, d, -1, 0), new double[n], new double[n][n]);
    }

    private static double value2(Newton.Objective f, double[] theta0, int i, double di, int j, double dj) {
        int n = theta0.length;
        return f.evaluate(phiAt(theta0, i, di, j, dj), new double[n], new double[n][n]);
    }

    private static double second(Newton.Objective f, double[] theta0, int i, int j, double s) {
        if (i == j) {
            return (value(f, theta0, i, s) - 2 * value(f, theta0, i, 0) + value(f, theta0, i, -s)) / (s * s);
        }
        return (value2(f, theta0, i, s, j, s) - value2(f, theta0, i, s, j, -s) - value2(f, theta0, i, -s, j, s)
                + value2(f, theta0, i, -s, j, -s)) / (4 * s * s);
    }

    /** The analytic gradient in θ at θ0 + d e_i. */
    private static double[] gradTheta(Newton.Objective f, double[] theta0, int i, double d) {
        int n = theta0.length;
        double[] phi = phiAt(theta0, i, d, -1, 0);
        double[] g = new double[n];
        f.evaluate(phi, g, new double[n][n]);
        for (int k = 0; k < n; k++) {
            g[k] *= phi[k];
        }
        return g;
    }

    // ---------------------------------------------------------------- BG/NBD expectation

    /**
     * {@link BgNbdModel#conditionalExpectedPurchases} (Euler-transformed series, see
     * {@link BgNbdModel#expectedNumerator}) against eq. 10 of FHL (2005) as printed,
     * E[X(t) | x, t_x, T] = (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) 2F1(r+x, b+x; a+b+x−1; t/(α+T+t))]
     * / (1 + [x&gt;0] a/(b+x−1) ((α+T)/(α+t_x))^(r+x)), with the direct series of {@link Hyp2F1#value}.
     * At the CDNOW parameters (a ≠ 1) and z = t/(α+T+t) ≤ 0.71 the direct series converges (it throws
     * otherwise); its terms are all positive, so it is accurate to a few ulps times the cancellation
     * in 1 − (…)·2F1, far inside 1e−9.
     */
    @Test
    void eulerTransformAgreesWithEquation10AsPrinted() {
        double r = 0.243, alpha = 4.414, a = 0.793, b = 2.426;
        BgNbdModel m = new BgNbdModel(r, alpha, a, b);
        int[] xs = {0, 1, 2, 5, 20};
        double[] bigTs = {27.0, 32.57, 38.86};
        double[] horizons = {0.5, 1, 13, 39, 52, 104};
        int points = 0;
        double worst = 0;
        for (int x : xs) {
            for (double bigT : bigTs) {
                double[] txs = x == 0 ? new double[] {0} : new double[] {0.14, bigT / 2, bigT - 1, bigT};
                for (double tx : txs) {
                    for (double t : horizons) {
                        double z = t / (alpha + bigT + t);
                        double f = Hyp2F1.value(r + x, b + x, a + b + x - 1, z);
                        double numerator = (a + b + x - 1) / (a - 1)
                                * (1 - Math.pow((alpha + bigT) / (alpha + bigT + t), r + x) * f);
                        double denominator = 1 + (x > 0 ? a / (b + x - 1) * Math.pow((alpha + bigT) / (alpha + tx), r + x) : 0);
                        double direct = numerator / denominator;
                        double euler = m.conditionalExpectedPurchases(t, x, tx, bigT);
                        double rel = Math.abs(euler - direct) / Math.abs(direct);
                        assertThat(rel).as("x=%d t_x=%s T=%s t=%s: Euler %s, eq. 10 %s", x, tx, bigT, t, euler, direct)
                                .isLessThan(1e-9);
                        // the numerator alone (shared by all t_x)
                        assertThat(m.expectedNumerator(t, x, bigT)).isCloseTo(numerator, within(1e-9 * Math.abs(numerator)));
                        assertThat(m.aliveDenominator(x, tx, bigT)).isCloseTo(denominator, within(1e-12 * denominator));
                        worst = Math.max(worst, rel);
                        points++;
                    }
                }
            }
        }
        System.out.printf("Euler vs eq. 10: %d points, worst relative difference %.1e%n", points, worst);
    }

    // ---------------------------------------------------------------- 2F1

    /**
     * Closed forms of Abramowitz &amp; Stegun 15.1 (verified independently with mpmath at 30 digits),
     * on the direct series (0 &lt; z &lt; 1, up to z = 0.99) and the Pfaff branch (z &lt; 0). The
     * cases 2F1(1,1;2;z) and 2F1(a,b;b;z) are in {@link ClvModelsTest#hypergeometricMatchesClosedForms()}.
     */
    @Test
    void hypergeometricMatchesMoreClosedForms() {
        for (double s : new double[] {0.1, 0.5, 0.9, 0.99}) {
            double w = Math.sqrt(s);
            // 15.1.6: 2F1(1/2,1/2;3/2;z²) = arcsin(z)/z
            rel(Hyp2F1.value(0.5, 0.5, 1.5, s), Math.asin(w) / w, 1e-12);
            // 15.1.4: 2F1(1/2,1;3/2;z²) = artanh(z)/z
            rel(Hyp2F1.value(0.5, 1, 1.5, s), 0.5 * Math.log((1 + w) / (1 - w)) / w, 1e-12);
            // 15.1.15: 2F1(a,1−a;3/2;sin²θ) = sin((2a−1)θ)/((2a−1) sin θ), a = 0.3
            double th = Math.asin(w);
            rel(Hyp2F1.value(0.3, 0.7, 1.5, s), Math.sin(-0.4 * th) / (-0.4 * Math.sin(th)), 1e-12);
        }
        for (double s : new double[] {0.1, 0.5, 0.9, 0.99, 3, 20, 1000}) {
            double w = Math.sqrt(s);
            // 15.1.7: 2F1(1/2,1/2;3/2;−z²) = arsinh(z)/z
            rel(Hyp2F1.value(0.5, 0.5, 1.5, -s), Math.log(w + Math.sqrt(1 + s)) / w, 1e-12);
            // 15.1.5: 2F1(1/2,1;3/2;−z²) = arctan(z)/z
            rel(Hyp2F1.value(0.5, 1, 1.5, -s), Math.atan(w) / w, 1e-12);
        }
    }

    /**
     * The continuation of the BG/NBD series past z ≈ 1 − 1e−4 (where the series would need more than
     * 100 000 terms) against closed forms of F = 2F1(a', a−1; c; z) = 1 + (a−1)·G, at z up to 1 − 1e−12:
     * 2F1(1, 1; 2; z) = −ln(1−z)/z (a' = 1, a = 2, c = 2), 2F1(A, B; B; z) = (1−z)^−A (a' = 2.7,
     * a = 2.3, c = 1.3) and 2F1(½, ½; 3/2; z) = asin(√z)/√z (a' = ½, a = 3/2, c = 3/2).
     */
    @Test
    void bgNbdTailIsContinuedToZNearOneAgainstClosedForms() {
        for (double lnW : new double[] {-9.5, -12, -16, -20, -27.6}) {
            double z = -Math.expm1(lnW);
            double log = -lnW / z; // −ln(1−z)/z
            rel(1 + 1 * Hyp2F1.eulerTail(1, 2, 2, z, lnW), log, 1e-9);
            // this one grows to 1e32 along the way; Runge–Kutta's relative error grows with it, to ~1e−9
            rel(1 + 1.3 * Hyp2F1.eulerTail(2.7, 2.3, 1.3, z, lnW), Math.exp(-2.7 * lnW), 1e-8);
            rel(1 + 0.5 * Hyp2F1.eulerTail(0.5, 1.5, 1.5, z, lnW), Math.asin(Math.sqrt(z)) / Math.sqrt(z), 1e-9);
        }
    }

    /**
     * Where both work (z from 0.9 to 0.9999), the continuation agrees with the series, for CDNOW-like
     * parameters and x = 0, 1, 5, 40 (c = a + b + x − 1), a below, at and above 1.
     */
    @Test
    void bgNbdTailContinuationAgreesWithTheSeries() {
        double[][] rab = {{0.243, 0.793, 2.426}, {1.0, 1.0, 3.0}, {0.5, 2.5, 6.0}, {2.0, 0.3, 0.9}};
        for (double[] p : rab) {
            double r = p[0];
            double a = p[1];
            double b = p[2];
            for (int x : new int[] {0, 1, 5, 40}) {
                double c = a + b + x - 1;
                for (double z : new double[] {0.95, 0.99, 0.999, 0.9999}) {
                    double series = Hyp2F1.eulerTail(a + b - 1 - r, a, c, z, Math.log1p(-z));
                    double ode = Hyp2F1.eulerTailOde(a + b - 1 - r, a, c, Math.log1p(-z));
                    rel(ode, series, 1e-9);
                }
            }
        }
    }

    /**
     * A BG/NBD forecast the series alone could not give: α = 0.01 weeks (a buyer every ~day), a
     * customer who first bought on the last day (T = 0), a 60-month horizon (z = 1 − 4e−5). With a &gt; 1
     * the customer's expected purchases converge as t → ∞ to (a+b+x−1)/(a−1) / D (eq. 10 with the
     * bracket → 1, since (1−z)^(a−1)·2F1 → 0), so a far horizon must come close to that limit, and the
     * forecast must grow with the horizon.
     */
    @Test
    void bgNbdForecastForADailyBuyerOverFiveYearsIsFiniteAndTendsToItsLimit() {
        BgNbdModel m = new BgNbdModel(0.8, 0.01, 2.5, 6.0);
        double previous = 0;
        for (double t : new double[] {4.3, 52, 260, 2600, 2.6e6}) {
            double e = m.conditionalExpectedPurchases(t, 0, 0, 0);
            assertThat(e).as("t=%s", t).isFinite().isGreaterThan(previous);
            previous = e;
        }
        double limit = (2.5 + 6.0 + 0 - 1) / (2.5 - 1);
        rel(previous, limit, 1e-3);
        // and for a repeat buyer: the limit divided by the alive denominator
        double x = 3;
        double d = 1 + (2.5 / (6.0 + x - 1)) * Math.pow((0.01 + 10) / (0.01 + 8), 0.8 + x);
        rel(m.conditionalExpectedPurchases(2.6e6, 3, 8, 10), (2.5 + 6.0 + x - 1) / (2.5 - 1) / d, 1e-3);
    }

    private static void rel(double actual, double expected, double tol) {
        assertThat(Math.abs(actual - expected) / Math.abs(expected)).as("%s vs %s", actual, expected).isLessThan(tol);
    }
}
