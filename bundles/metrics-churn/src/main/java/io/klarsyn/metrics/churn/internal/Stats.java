package io.klarsyn.metrics.churn.internal;

/**
 * The few distribution functions the churn section needs: chi-square and normal tail
 * probabilities through the regularized upper incomplete gamma function (Numerical Recipes §6.2:
 * series below a + 1, Lentz continued fraction above).
 */
final class Stats {

    /** The 0.975 quantile of the standard normal distribution (two-sided 95 %). */
    static final double Z95 = 1.959963984540054;

    private static final double[] LANCZOS = {0.99999999999980993, 676.5203681218851, -1259.1392167224028,
        771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
        9.9843695780195716e-6, 1.5056327351493116e-7};

    private Stats() {
    }

    /** @return ln Γ(x) for x &gt; 0 (Lanczos, g = 7, n = 9; relative error ~1e-15) */
    static double logGamma(double x) {
        if (x < 0.5) {
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        }
        x -= 1;
        double a = LANCZOS[0];
        double t = x + 7.5;
        for (int i = 1; i < 9; i++) {
            a += LANCZOS[i] / (x + i);
        }
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
    }

    /** @return Q(a, x) = Γ(a, x) / Γ(a), the regularized upper incomplete gamma function */
    static double gammaQ(double a, double x) {
        if (Double.isNaN(x) || Double.isNaN(a) || a <= 0) {
            return Double.NaN;
        }
        if (x <= 0) {
            return 1.0;
        }
        if (Double.isInfinite(x)) {
            return 0.0;
        }
        double lead = -x + a * Math.log(x) - logGamma(a);
        if (x < a + 1) {
            double ap = a;
            double sum = 1.0 / a;
            double del = sum;
            for (int n = 0; n < 10_000; n++) {
                ap += 1;
                del *= x / ap;
                sum += del;
                if (Math.abs(del) < Math.abs(sum) * 1e-16) {
                    break;
                }
            }
            return Math.max(0, 1.0 - sum * Math.exp(lead));
        }
        double tiny = 1e-300;
        double b = x + 1 - a;
        double c = 1 / tiny;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i < 10_000; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.abs(d) < tiny) {
                d = tiny;
            }
            c = b + an / c;
            if (Math.abs(c) < tiny) {
                c = tiny;
            }
            d = 1 / d;
            double del = d * c;
            h *= del;
            if (Math.abs(del - 1) < 1e-16) {
                break;
            }
        }
        return Math.exp(lead) * h;
    }

    /** @return P(X &gt; x) for X ~ chi-square with {@code df} degrees of freedom */
    static double chiSquareSurvival(double x, int df) {
        return gammaQ(df / 2.0, x / 2.0);
    }

    /** @return the two-sided p-value of a standard normal statistic: P(|Z| &gt; |z|) = erfc(|z| / √2) */
    static double normalTwoSided(double z) {
        if (Double.isNaN(z)) {
            return Double.NaN;
        }
        return gammaQ(0.5, z * z / 2);
    }
}
