package io.klarsyn.metrics.clv.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * Issue 17 item 8: data from a process without drop-out (Poisson purchases at a gamma-distributed
 * rate, the NBD model) cannot identify BG/NBD's drop-out. The likelihood rises along a ridge towards
 * a → 0, b → ∞; the fit must stop at the NBD limit, say so, recover r and α, and still forecast.
 */
class BgNbdRidgeTest {

    /** Known truth: λ ~ Gamma(shape r = 0.8, rate α = 4 weeks), Poisson purchases, nobody drops out. */
    static final double R = 0.8;
    static final double ALPHA = 4;

    static BgNbdModel.Patterns noDropout(int customers, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] x = new int[customers];
        double[] tx = new double[customers];
        double[] bigT = new double[customers];
        double[] w = new double[customers];
        for (int i = 0; i < customers; i++) {
            double lambda = gamma(rnd, R) / ALPHA;
            double t = 26 + rnd.nextInt(27); // first purchase in the first half year, observed to week 52..78
            int n = poisson(rnd, lambda * t);
            double last = 0;
            for (int k = 0; k < n; k++) {
                last = Math.max(last, Math.floor(rnd.nextDouble() * t * 7) / 7); // day resolution
            }
            x[i] = n;
            tx[i] = last;
            bigT[i] = t;
            w[i] = 1;
        }
        return BgNbdModel.Patterns.of(x, tx, bigT, w);
    }

    @Test
    void noDropoutDataStopsAtTheNbdLimitAndStillForecasts() {
        BgNbdModel.Patterns p = noDropout(20_000, 17);
        BgNbdModel.Fit fit = BgNbdModel.fit(p, () -> { });

        assertThat(fit.dropoutIdentified()).as(fit.reason()).isFalse();
        assertThat(fit.converged()).isTrue();
        assertThat(fit.stop()).isEqualTo(BgNbdModel.STOP_DROPOUT_NOT_IDENTIFIED);
        BgNbdModel m = fit.model();
        // r and α recovered within four standard errors of the truth
        assertThat(Math.abs(m.r() - R)).isLessThan(4 * fit.standardErrors()[0]);
        assertThat(Math.abs(m.alpha() - ALPHA)).isLessThan(4 * fit.standardErrors()[1]);
        assertThat(fit.standardErrors()[2]).isNaN();
        assertThat(fit.standardErrors()[3]).isNaN();
        // no drop-out model fits better by more than the likelihood-ratio margin
        BgNbdModel.Fit limit = BgNbdModel.nbdLimit(p, new double[] {1, 1}, p.totalWeight(), 0, () -> { });
        assertThat(fit.logLikelihood()).isCloseTo(limit.logLikelihood(), within(1e-6 * Math.abs(limit.logLikelihood())));
        // the NBD forecast: E[X(T, T+t) | x, T] = (r + x) / (α + T) · t, P(alive) = 1
        for (int[] c : new int[][] {{0, 0, 40}, {3, 20, 52}, {12, 60, 70}}) {
            double expected = (m.r() + c[0]) / (m.alpha() + c[2]) * 26;
            assertThat(m.conditionalExpectedPurchases(26, c[0], c[1], c[2])).isCloseTo(expected, within(1e-6 * expected));
            assertThat(m.probabilityAlive(c[0], c[1], c[2])).isCloseTo(1, within(1e-6));
        }
    }

    @Test
    void dataWithDropoutKeepsItsFourParameters() {
        // CDNOW (Fader, Hardie & Lee 2005): drop-out is identified, a = 0.793, b = 2.426
        BgNbdModel.Fit fit = BgNbdModel.fit(CdnowData.load().patterns(), () -> { });
        assertThat(fit.dropoutIdentified()).isTrue();
        assertThat(fit.model().a()).isCloseTo(0.793, within(0.001));
    }

    private static double gamma(SplittableRandom rnd, double shape) {
        if (shape < 1) {
            return gamma(rnd, shape + 1) * Math.pow(rnd.nextDouble(), 1 / shape);
        }
        double d = shape - 1.0 / 3, c = 1 / Math.sqrt(9 * d);
        while (true) {
            double z = normal(rnd), v = Math.pow(1 + c * z, 3);
            if (v > 0 && Math.log(rnd.nextDouble()) < 0.5 * z * z + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }

    private static double normal(SplittableRandom rnd) {
        return Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }

    private static int poisson(SplittableRandom rnd, double mean) {
        int k = 0;
        double t = rnd.nextDouble();
        double limit = Math.exp(-mean);
        while (t > limit) {
            k++;
            t *= rnd.nextDouble();
        }
        return k;
    }
}
