package io.klarsyn.metrics.cx.internal;

/**
 * Small statistics the CX section needs: score summaries, their standard errors, two-sample tests
 * and the normal / Student t distribution functions. Written out here to keep the bundle free of
 * runtime dependencies.
 */
final class Stats {

    /** z for a two-sided 95 % interval. */
    static final double Z95 = 1.959963984540054;

    private Stats() {
    }

    /** NPS counts of one group of responses. */
    record Nps(long promoters, long passives, long detractors) {
        long n() {
            return promoters + passives + detractors;
        }

        double pPro() {
            return n() == 0 ? Double.NaN : (double) promoters / n();
        }

        double pPas() {
            return n() == 0 ? Double.NaN : (double) passives / n();
        }

        double pDet() {
            return n() == 0 ? Double.NaN : (double) detractors / n();
        }

        /** @return NPS in points (−100…100), NaN when empty */
        double score() {
            return n() == 0 ? Double.NaN : 100.0 * (promoters - detractors) / n();
        }

        /**
         * Variance of one response's score (+1 promoter, 0 passive, −1 detractor), as a fraction:
         * {@code p_pro + p_det − (p_pro − p_det)²}.
         */
        double unitVariance() {
            double pp = pPro();
            double pd = pDet();
            return pp + pd - (pp - pd) * (pp - pd);
        }

        /** @return the 95 % margin of error in points, NaN when empty */
        double marginOfError() {
            return n() == 0 ? Double.NaN : Z95 * Math.sqrt(unitVariance() / n()) * 100.0;
        }
    }

    /** Classifies a 0–10 likelihood-to-recommend score: 1 promoter, 0 passive, −1 detractor. */
    static int npsClass(int score) {
        if (score < 0 || score > 10) {
            throw new IllegalArgumentException("likelihood to recommend must be 0–10, was " + score);
        }
        return score >= 9 ? 1 : score >= 7 ? 0 : -1;
    }

    /**
     * Two-sample test of a difference in NPS using each NPS's variance (unpooled z).
     *
     * @return two-sided p, NaN when either group has fewer than 2 responses or both variances are 0
     */
    static double npsChangeP(Nps a, Nps b) {
        if (a.n() < 2 || b.n() < 2) {
            return Double.NaN;
        }
        double se = Math.sqrt(a.unitVariance() / a.n() + b.unitVariance() / b.n());
        if (!(se > 0)) {
            return Double.NaN;
        }
        double z = (a.score() - b.score()) / 100.0 / se;
        return 2 * normalSf(Math.abs(z));
    }

    /**
     * Two-proportion z-test with the pooled proportion.
     *
     * @return two-sided p, NaN when undefined (empty group, or pooled share 0 or 1)
     */
    static double proportionP(long x1, long n1, long x2, long n2) {
        if (n1 == 0 || n2 == 0) {
            return Double.NaN;
        }
        double p = (double) (x1 + x2) / (n1 + n2);
        double se = Math.sqrt(p * (1 - p) * (1.0 / n1 + 1.0 / n2));
        if (!(se > 0)) {
            return Double.NaN;
        }
        double z = ((double) x1 / n1 - (double) x2 / n2) / se;
        return 2 * normalSf(Math.abs(z));
    }

    /**
     * Welch's unequal-variance t test from summary sums.
     *
     * @return two-sided p, NaN when either group has fewer than 2 values or no variance
     */
    static double welchP(long n1, double sum1, double sumSq1, long n2, double sum2, double sumSq2) {
        if (n1 < 2 || n2 < 2) {
            return Double.NaN;
        }
        double m1 = sum1 / n1;
        double m2 = sum2 / n2;
        double v1 = Math.max(0, (sumSq1 - n1 * m1 * m1) / (n1 - 1));
        double v2 = Math.max(0, (sumSq2 - n2 * m2 * m2) / (n2 - 1));
        double a = v1 / n1;
        double b = v2 / n2;
        if (!(a + b > 0)) {
            return Double.NaN;
        }
        double t = (m1 - m2) / Math.sqrt(a + b);
        double df = (a + b) * (a + b) / (a * a / (n1 - 1) + b * b / (n2 - 1));
        return 2 * studentSf(Math.abs(t), df);
    }

    /** @return P(Z &gt; z) for the standard normal */
    static double normalSf(double z) {
        return 0.5 * erfc(z / Math.sqrt(2));
    }

    /** Complementary error function (Numerical Recipes erfcc; relative error &lt; 1.2e-7). */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }

    /** @return P(T &gt; t) for Student's t with {@code df} degrees of freedom, t ≥ 0 */
    static double studentSf(double t, double df) {
        double x = df / (df + t * t);
        return 0.5 * regularizedBeta(x, df / 2, 0.5);
    }

    /** Regularized incomplete beta I_x(a, b) (continued fraction, Numerical Recipes §6.4). */
    static double regularizedBeta(double x, double a, double b) {
        if (x <= 0) {
            return 0;
        }
        if (x >= 1) {
            return 1;
        }
        double bt = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
        if (x < (a + 1) / (a + b + 2)) {
            return bt * betaCf(x, a, b) / a;
        }
        return 1 - bt * betaCf(1 - x, b, a) / b;
    }

    private static double betaCf(double x, double a, double b) {
        final double tiny = 1e-300;
        double qab = a + b;
        double qap = a + 1;
        double qam = a - 1;
        double c = 1;
        double d = 1 - qab * x / qap;
        if (Math.abs(d) < tiny) {
            d = tiny;
        }
        d = 1 / d;
        double h = d;
        for (int m = 1; m <= 300; m++) {
            int m2 = 2 * m;
            double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
            d = 1 + aa * d;
            if (Math.abs(d) < tiny) {
                d = tiny;
            }
            c = 1 + aa / c;
            if (Math.abs(c) < tiny) {
                c = tiny;
            }
            d = 1 / d;
            h *= d * c;
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
            d = 1 + aa * d;
            if (Math.abs(d) < tiny) {
                d = tiny;
            }
            c = 1 + aa / c;
            if (Math.abs(c) < tiny) {
                c = tiny;
            }
            d = 1 / d;
            double del = d * c;
            h *= del;
            if (Math.abs(del - 1) < 1e-14) {
                break;
            }
        }
        return h;
    }

    /** log Γ(x), Lanczos approximation (g = 7, n = 9), x &gt; 0. */
    static double logGamma(double x) {
        final double[] c = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
            1.5056327351493116e-7};
        if (x < 0.5) {
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        }
        x -= 1;
        double s = c[0];
        for (int i = 1; i < 9; i++) {
            s += c[i] / (x + i);
        }
        double t = x + 7.5;
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(s);
    }
}
