package io.klarsyn.metrics.clv.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The machinery that makes the CLV models fast at scale — radix-sorted patterns, the radix sort of
 * values, warm starts, the split forecast — must give exactly what the plain way gives.
 */
class ClvScaleTest {

    @Test
    void patternBuilderGroupsLikeAMapAndKeepsTheWayBack() {
        SplittableRandom rnd = new SplittableRandom(3);
        int n = 50_000;
        PatternBuilder pb = new PatternBuilder(n);
        int[][] day = new int[n][];
        for (int i = 0; i < n; i++) {
            if (rnd.nextInt(10) == 0) {
                continue; // no purchase: no pattern
            }
            int bigT = rnd.nextInt(3000);
            int tx = rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(bigT + 1);
            int x = tx == 0 ? 0 : 1 + rnd.nextInt(Math.min(tx, 300));
            day[i] = new int[] {x, tx, bigT};
            pb.set(i, x, tx, bigT);
        }
        PatternBuilder.Built built = pb.build(7);
        BgNbdModel.Patterns p = built.patterns();
        // the reference: a hash map from (x, t_x, T) to the number of customers
        Map<String, Integer> expected = new HashMap<>();
        int customers = 0;
        for (int[] d : day) {
            if (d != null) {
                expected.merge(d[0] + "/" + d[1] + "/" + d[2], 1, Integer::sum);
                customers++;
            }
        }
        assertThat(pb.customers()).isEqualTo(customers);
        assertThat(p.size()).isEqualTo(expected.size());
        for (int k = 0; k < p.size(); k++) {
            String key = p.x()[k] + "/" + p.txIndex()[k] + "/" + p.tIndex()[k];
            assertThat(p.weight()[k]).as(key).isEqualTo((double) expected.get(key));
            assertThat(p.tx(k)).isEqualTo(p.txIndex()[k] / 7.0);
            if (k > 0) { // sorted by (x, T, t_x), strictly
                long prev = ((long) p.x()[k - 1] << 42) | ((long) p.tIndex()[k - 1] << 21) | p.txIndex()[k - 1];
                long cur = ((long) p.x()[k] << 42) | ((long) p.tIndex()[k] << 21) | p.txIndex()[k];
                assertThat(cur).isGreaterThan(prev);
            }
        }
        for (int i = 0; i < n; i++) {
            int pat = built.patternOf()[i];
            if (day[i] == null) {
                assertThat(pat).isEqualTo(-1);
            } else {
                assertThat(new int[] {p.x()[pat], p.txIndex()[pat], p.tIndex()[pat]}).isEqualTo(day[i]);
            }
        }
        assertThatThrownBy(() -> pb.set(0, 1, 5, 4)).isInstanceOf(IllegalArgumentException.class); // t_x > T
    }

    @Test
    void radixSortAgreesWithArraysSort() {
        SplittableRandom rnd = new SplittableRandom(9);
        for (int n : new int[] {0, 1, 2, 1000, 100_000, Sorting.PARALLEL + 1, 2 * Sorting.PARALLEL + 17}) {
            double[] a = new double[n];
            for (int i = 0; i < n; i++) {
                switch (rnd.nextInt(5)) {
                    case 0 -> a[i] = 0;
                    case 1 -> a[i] = rnd.nextInt(100);                         // many ties
                    case 2 -> a[i] = rnd.nextDouble() * 1e-300;                // tiny, subnormal too
                    case 3 -> a[i] = Math.exp(rnd.nextDouble() * 100);        // wide range
                    default -> a[i] = rnd.nextDouble() * 50_000;
                }
            }
            if (n > 0) {
                a[0] = -0.0;
            }
            double[] expected = a.clone();
            Arrays.sort(expected);
            Sorting.sortNonNegative(a);
            for (int i = 0; i < n; i++) {
                assertThat(a[i]).as("index %d of %d", i, n).isEqualTo(expected[i] == -0.0 ? 0.0 : expected[i]);
            }
        }
        assertThatThrownBy(() -> Sorting.sortNonNegative(new double[] {1, Double.NaN}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void warmStartReachesTheSameMaximumAsAColdStart() {
        // 200 000 simulated BG/NBD customers (continuous time, weeks; r = 0.8, alpha = 3, a = 0.7, b = 4):
        // more patterns than the warm start's threshold, so one fit starts from the sample's estimates.
        SplittableRandom rnd = new SplittableRandom(21);
        int n = 200_000;
        int[] x = new int[n];
        double[] tx = new double[n];
        double[] bigT = new double[n];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            double lambda = ClvModelsTest.gamma(rnd, 0.8) / 3;
            double p = beta(rnd, 0.7, 4);
            double end = 10 + rnd.nextDouble() * 90;
            double t = 0;
            int k = 0;
            double last = 0;
            while (true) {
                t += -Math.log(1 - rnd.nextDouble()) / lambda;
                if (t > end) {
                    break;
                }
                k++;
                last = t;
                if (rnd.nextDouble() < p) {
                    break;
                }
            }
            // exact times (rounding them to days would bias alpha by a few standard errors at this size)
            x[i] = k;
            tx[i] = last;
            bigT[i] = end;
            w[i] = 1;
        }
        BgNbdModel.Patterns patterns = BgNbdModel.Patterns.of(x, tx, bigT, w);
        assertThat(patterns.size()).isGreaterThan(4 * BgNbdModel.WARM_START_PATTERNS);
        BgNbdModel.Fit warm = BgNbdModel.fit(patterns, () -> { }, true);
        BgNbdModel.Fit cold = BgNbdModel.fit(patterns, () -> { }, false);
        assertThat(warm.converged()).isTrue();
        assertThat(cold.converged()).isTrue();
        double[] pw = {warm.model().r(), warm.model().alpha(), warm.model().a(), warm.model().b()};
        double[] pc = {cold.model().r(), cold.model().alpha(), cold.model().a(), cold.model().b()};
        for (int i = 0; i < 4; i++) {
            // the same maximum: within a thousandth of a standard error of each other
            assertThat(pw[i]).isCloseTo(pc[i], within(1e-3 * cold.standardErrors()[i]));
        }
        assertThat(warm.logLikelihood()).isCloseTo(cold.logLikelihood(), within(1e-6));
        assertThat(warm.iterations()).isLessThan(cold.iterations());
        // and the truth within 4 standard errors
        double[] truth = {0.8, 3, 0.7, 4};
        for (int i = 0; i < 4; i++) {
            assertThat(Math.abs(pc[i] - truth[i])).as("parameter %d: %f ± %f", i, pc[i], cold.standardErrors()[i])
                    .isLessThan(4 * cold.standardErrors()[i]);
        }

        // the likelihood evaluated on two threads equals the one-thread sum (up to the order of addition)
        // and the per-customer eq. 6
        double[] at = {pc[0], pc[1], pc[2], pc[3]};
        double[] g1 = new double[4], g2 = new double[4];
        double[][] h1 = new double[4][4], h2 = new double[4][4];
        double two = new BgNbdModel.Likelihood(patterns, 1).evaluate(at, g1, h1);
        double one = new BgNbdModel.Likelihood(patterns, Integer.MAX_VALUE).evaluate(at, g2, h2);
        assertThat(two).isCloseTo(one, within(1e-12 * Math.abs(one)));
        double direct = 0;
        for (int k = 0; k < patterns.size(); k++) {
            direct += patterns.weight()[k] * cold.model().logLikelihood(patterns.x()[k], patterns.tx(k), patterns.bigT(k));
        }
        assertThat(one).isCloseTo(direct, within(1e-9 * Math.abs(direct)));
        for (int i = 0; i < 4; i++) {
            assertThat(g1[i]).isCloseTo(g2[i], within(1e-9 * Math.abs(h2[i][i])));
            for (int j = 0; j < 4; j++) {
                assertThat(h1[i][j]).isCloseTo(h2[i][j], within(1e-12 * Math.abs(h2[i][i])));
            }
        }

        // the forecast split in two ranges equals the forecast in one
        BgNbdModel m = cold.model();
        double[] t = {4, 8, 13};
        double[] f = {1, 0.99, 0.98};
        double[] whole = new double[2 * patterns.size()];
        m.discountedPurchases(patterns, 0, patterns.size(), t, f, whole, () -> { });
        double[] split = new double[2 * patterns.size()];
        int mid = patterns.size() / 3;
        m.discountedPurchases(patterns, 0, mid, t, f, split, () -> { });
        m.discountedPurchases(patterns, mid, patterns.size(), t, f, split, () -> { });
        assertThat(Arrays.mismatch(split, whole)).as("first pattern where they differ").isEqualTo(-1);
        for (int k = 0; k < patterns.size(); k += 997) {
            // and each pattern's value is the sum of its period increments of eq. 10
            double e1 = m.conditionalExpectedPurchases(4, patterns.x()[k], patterns.tx(k), patterns.bigT(k));
            double e2 = m.conditionalExpectedPurchases(8, patterns.x()[k], patterns.tx(k), patterns.bigT(k));
            double e3 = m.conditionalExpectedPurchases(13, patterns.x()[k], patterns.tx(k), patterns.bigT(k));
            assertThat(whole[2 * k]).isCloseTo(e1 + 0.99 * (e2 - e1) + 0.98 * (e3 - e2), within(1e-12));
            assertThat(whole[2 * k + 1]).isCloseTo(m.probabilityAlive(patterns.x()[k], patterns.tx(k), patterns.bigT(k)),
                    within(1e-12));
        }
    }

    private static double beta(SplittableRandom r, double a, double b) {
        double g = ClvModelsTest.gamma(r, a);
        return g / (g + ClvModelsTest.gamma(r, b));
    }
}
