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
     * @param aPrime a' = a + b − 1 − r
     * @param a the BG/NBD a
     * @param c a + b + x − 1
     * @param z t / (α + T + t), in [0, 1)
     */
    static double eulerTail(double aPrime, double a, double c, double z) {
        if (!(z >= 0 && z < 1)) {
            throw new ArithmeticException("the BG/NBD series needs 0 <= z < 1, got " + z);
        }
        double term = aPrime * z / c;
        double sum = term;
        for (int n = 1; n < MAX_TERMS; n++) {
            if (term == 0 || (Math.abs(term) <= 1e-16 * Math.abs(sum) && n > 2)) {
                if (Double.isFinite(sum)) {
                    return sum;
                }
                break;
            }
            term *= (aPrime + n) * (a + n - 1) / ((c + n) * (n + 1)) * z;
            sum += term;
            if (!Double.isFinite(sum)) {
                break;
            }
        }
        throw new ArithmeticException("the BG/NBD series 2F1(" + aPrime + ", " + (a - 1) + "; " + c + "; " + z
                + ") did not converge");
    }
}
