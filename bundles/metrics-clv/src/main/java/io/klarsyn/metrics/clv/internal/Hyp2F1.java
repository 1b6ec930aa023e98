package io.klarsyn.metrics.clv.internal;

/**
 * The Gauss hypergeometric function 2F1(a, b; c; z) for real arguments and z &lt; 1, as the
 * BG/NBD conditional expectation needs it (a, b, c &gt; 0; z = t / (α + T + t) in [0, 1)).
 *
 * <p>For 0 ≤ z &lt; 1 the power series is summed directly: its terms shrink like z^n, so even
 * z = 0.99 needs only a few thousand terms, and the BG/NBD arguments are far smaller. For z &lt; 0
 * the Pfaff transformation 2F1(a,b;c;z) = (1−z)^−a · 2F1(a, c−b; c; z/(z−1)) maps the argument
 * into (0, 1), avoiding the cancellation of an alternating series. Terms are summed until they
 * fall below 1e−15 of the sum; a series that has not converged after 100 000 terms, or
 * overflows, throws instead of returning an inaccurate value.
 *
 * <p>The BG/NBD tail ({@link #eulerTail}) goes on past what a series can do: for z within ~1e−4 of 1
 * it continues the function along its differential equation, up to any z &lt; 1.
 */
final class Hyp2F1 {

    private static final int MAX_TERMS = 100_000;

    private Hyp2F1() {
    }

    static double value(double a, double b, double c, double z) {
        if (!(z < 1)) {
            throw new ArithmeticException("2F1 needs z < 1, got " + z);
        }
        if (z == 0) {
            return 1;
        }
        if (z > 0) {
            return series(a, b, c, z);
        }
        // z < 0: Pfaff gives an argument in (0, 1).
        double w = z / (z - 1);
        return Math.pow(1 - z, -a) * value(a, c - b, c, w);
    }

    private static double series(double a, double b, double c, double z) {
        double term = 1;
        double sum = 1;
        for (int n = 0; n < MAX_TERMS; n++) {
            term *= (a + n) * (b + n) / ((c + n) * (n + 1)) * z;
            sum += term;
            if (Math.abs(term) <= 1e-15 * Math.abs(sum) && n > 2) {
                if (!Double.isFinite(sum)) {
                    break;
                }
                return sum;
            }
            if (!Double.isFinite(sum)) {
                break;
            }
        }
        throw new ArithmeticException("2F1(" + a + ", " + b + "; " + c + "; " + z + ") did not converge");
    }

    /**
     * The part of 2F1(a', e; c; z) beyond its first term, divided by e: with e = a − 1 this is
     * G = [2F1(a', a−1; c; z) − 1] / (a − 1) = Σ_{n≥1} (a')_n (a)_{n−1} z^n / ((c)_n n!), which stays
     * finite as a → 1. The BG/NBD expectation needs it after Euler's transformation (A&amp;S 15.3.3)
     * has moved the growing parameters r + x and b + x out of the series (see
     * {@link BgNbdModel#conditionalExpectedPurchases}); the terms of this series shrink at least like
     * z^n and faster the larger c = a + b + x − 1 is.
     *
     * <p>The series needs about 37/(1 − z) terms when its terms shrink only like z^n (small x), which
     * is too many once z is within ~1e−4 of 1 (a horizon very long against α + T: a customer who
     * first bought on the last day, a purchase rate of several per time unit). Then G is continued
     * from z0 = 0.9, where the series is quick, along the hypergeometric differential equation (see
     * {@link #eulerTailOde}), which holds up to z = 1 and beyond any number of terms.
     *
     * @param aPrime a' = a + b − 1 − r
     * @param a the BG/NBD a
     * @param c a + b + x − 1
     * @param z t / (α + T + t), in [0, 1)
     * @param lnOneMinusZ ln(1 − z), given exactly: for z close to 1 the caller knows
     *        1 − z = (α+T)/(α+T+t) better than 1 − z computed from z
     */
    static double eulerTail(double aPrime, double a, double c, double z, double lnOneMinusZ) {
        if (!(z >= 0 && z < 1)) {
            throw new ArithmeticException("the BG/NBD series needs 0 <= z < 1, got " + z);
        }
        double sum = tailSum(aPrime, a, c, z, z <= SERIES_ONLY_Z ? MAX_TERMS : SERIES_FIRST_TERMS);
        if (!Double.isNaN(sum)) {
            return sum;
        }
        if (z <= SERIES_ONLY_Z) {
            throw new ArithmeticException("the BG/NBD series 2F1(" + aPrime + ", " + (a - 1) + "; " + c + "; " + z
                    + ") did not converge");
        }
        return eulerTailOde(aPrime, a, c, lnOneMinusZ);
    }

    /** Up to this z the series alone is used (at most ~3 700 terms). */
    private static final double SERIES_ONLY_Z = 0.99;
    /** Above it, the series is tried with this many terms before the differential equation takes over. */
    private static final int SERIES_FIRST_TERMS = 20_000;
    private static final double ODE_START_Z = 0.9;

    /**
     * G and its derivative dG/dz by the series, or null when {@code maxTerms} terms do not reach
     * 1e−16 of the sum (or it overflows).
     */
    /**
     * The sum of {@link #tailSeries} alone, without its derivative and without an array per call (the
     * forecast takes it a dozen times per pattern): the same terms in the same order, so the same value.
     *
     * @return the sum, or NaN when the series did not converge within {@code maxTerms} or overflowed
     */
    private static double tailSum(double aPrime, double a, double c, double z, int maxTerms) {
        double term = aPrime * z / c;
        double sum = term;
        for (int n = 1; n < maxTerms; n++) {
            if (term == 0 || (Math.abs(term) <= 1e-16 * Math.abs(sum) && n > 2)) {
                return Double.isFinite(sum) ? sum : Double.NaN;
            }
            term *= (aPrime + n) * (a + n - 1) / ((c + n) * (n + 1)) * z;
            sum += term;
            if (!Double.isFinite(sum)) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }

    private static double[] tailSeries(double aPrime, double a, double c, double z, int maxTerms) {
        double term = aPrime * z / c;
        double sum = term;
        double deriv = aPrime / c; // d/dz of the first term
        for (int n = 1; n < maxTerms; n++) {
            if (term == 0 || (Math.abs(term) <= 1e-16 * Math.abs(sum) && n > 2)) {
                return Double.isFinite(sum) && Double.isFinite(deriv) ? new double[] {sum, deriv} : null;
            }
            term *= (aPrime + n) * (a + n - 1) / ((c + n) * (n + 1)) * z;
            sum += term;
            deriv += (n + 1) * term / z;
            if (!Double.isFinite(sum)) {
                return null;
            }
        }
        return null;
    }

    /**
     * G(z) for z close to 1, continued from z0 = 0.9 along the differential equation it satisfies.
     * F = 2F1(a', a−1; c; z) = 1 + (a−1)·G solves z(1−z)F'' + [c − (a'+a)z]F' − a'(a−1)F = 0 (A&amp;S
     * 15.5.1), so G solves z(1−z)G'' + [c − (a'+a)z]G' − a'(a−1)G = a', which stays regular at a = 1.
     * In s = −ln(1−z) (so that z = 1 wanders off to s = ∞ and the steps can stay even) with H = dG/ds
     * = (1−z)G':
     * <pre>
     *   dG/ds = H
     *   dH/ds = [(1−z)·a'·(1 + (a−1)G) − (c − (a'+a)z)·H] / z − H
     * </pre>
     * Classical Runge–Kutta with even steps of at most 0.0025 and below 0.1/λ, λ the largest decay rate
     * of H, (c − (a'+a)z)/z + 1 at either end: stable, and accurate to ~1e−10 relative (checked
     * against closed forms and the series in {@code ClvNumericsTest}).
     *
     * @param lnOneMinusZ ln(1 − z), z &gt; 0.9
     */
    static double eulerTailOde(double aPrime, double a, double c, double lnOneMinusZ) {
        double z0 = ODE_START_Z;
        double[] gd = tailSeries(aPrime, a, c, z0, MAX_TERMS);
        if (gd == null) {
            throw new ArithmeticException("the BG/NBD series 2F1(" + aPrime + ", " + (a - 1) + "; " + c + "; " + z0
                    + ") did not converge");
        }
        double s0 = -Math.log1p(-z0);
        double s1 = -lnOneMinusZ;
        if (!(s1 > s0) || !Double.isFinite(s1)) {
            throw new ArithmeticException("the BG/NBD continuation needs 0.9 < z < 1, got ln(1-z) = " + lnOneMinusZ);
        }
        double lambda = Math.max(Math.abs(c / z0 - (aPrime + a) + 1), Math.abs(c - aPrime - a + 1)) + 1;
        double maxStep = Math.min(0.0025, 0.1 / lambda);
        long steps = (long) Math.ceil((s1 - s0) / maxStep);
        if (steps > 5_000_000) {
            throw new ArithmeticException("the BG/NBD continuation of 2F1(" + aPrime + ", " + (a - 1) + "; " + c
                    + "; z) to ln(1-z) = " + lnOneMinusZ + " needs " + steps + " steps");
        }
        double h = (s1 - s0) / steps;
        double g = gd[0];
        double hh = (1 - z0) * gd[1];
        double halfStep = Math.exp(-h / 2);
        double[] k = new double[2];
        for (long i = 0; i < steps; i++) {
            double w = Math.exp(-(s0 + i * h)); // 1 − z at the step's start, anew each step (no drift)
            double wMid = w * halfStep;
            double wEnd = wMid * halfStep;
            rhs(aPrime, a, c, w, g, hh, k);
            double k1g = k[0];
            double k1h = k[1];
            rhs(aPrime, a, c, wMid, g + h / 2 * k1g, hh + h / 2 * k1h, k);
            double k2g = k[0];
            double k2h = k[1];
            rhs(aPrime, a, c, wMid, g + h / 2 * k2g, hh + h / 2 * k2h, k);
            double k3g = k[0];
            double k3h = k[1];
            rhs(aPrime, a, c, wEnd, g + h * k3g, hh + h * k3h, k);
            g += h / 6 * (k1g + 2 * k2g + 2 * k3g + k[0]);
            hh += h / 6 * (k1h + 2 * k2h + 2 * k3h + k[1]);
        }
        if (!Double.isFinite(g)) {
            throw new ArithmeticException("the BG/NBD continuation of 2F1(" + aPrime + ", " + (a - 1) + "; " + c
                    + "; z) overflowed at ln(1-z) = " + lnOneMinusZ);
        }
        return g;
    }

    /** @param w 1 − z (at most 0.1 here, so z = 1 − w is exact enough) */
    private static void rhs(double aPrime, double a, double c, double w, double g, double h, double[] out) {
        double z = 1 - w;
        out[0] = h;
        out[1] = (w * aPrime * (1 + (a - 1) * g) - (c - (aPrime + a) * z) * h) / z - h;
    }
}
