package io.klarsyn.metrics.clv.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class ClvModelsTest {

    @Test
    void hypergeometricMatchesClosedForms() {
        // 2F1(1,1;2;z) = -ln(1-z)/z (Abramowitz & Stegun 15.1.3)
        for (double z : new double[] {-3, -0.7, 0.1, 0.5, 0.9, 0.99}) {
            assertThat(Hyp2F1.value(1, 1, 2, z)).isCloseTo(-Math.log(1 - z) / z, within(1e-12));
        }
        // 2F1(a,b;b;z) = (1-z)^-a (A&S 15.1.8)
        for (double z : new double[] {-5, -0.3, 0.3, 0.8}) {
            assertThat(Hyp2F1.value(2.7, 1.3, 1.3, z)).isCloseTo(Math.pow(1 - z, -2.7), within(1e-10));
        }
    }

    @Test
    void conditionalExpectationReproducesFaderHardieLee2005() {
        // FHL (2005) p. 280 / Fader & Hardie's note "Implementing the BG/NBD model": with the CDNOW
        // parameters r=0.243, alpha=4.414, a=0.793, b=2.426 (weeks), a customer with x=2,
        // t_x=30.43, T=38.86 is expected to make 1.226 repeat purchases in the next 39 weeks.
        BgNbdModel m = new BgNbdModel(0.243, 4.414, 0.793, 2.426);
        assertThat(m.conditionalExpectedPurchases(39, 2, 30.43, 38.86)).isCloseTo(1.226, within(0.0005));
        // P(alive) lies in (0,1] and is 1 for a customer without repeat purchases.
        assertThat(m.probabilityAlive(0, 0, 38.86)).isEqualTo(1.0);
        assertThat(m.probabilityAlive(2, 30.43, 38.86)).isBetween(0.0, 1.0);
        // A week-based and a day-based model of the same customers must agree: scale alpha and time by 7.
        BgNbdModel days = new BgNbdModel(0.243, 4.414 * 7, 0.793, 2.426);
        assertThat(days.conditionalExpectedPurchases(39 * 7, 2, 30.43 * 7, 38.86 * 7)).isCloseTo(1.226, within(0.0005));
    }

    @Test
    void bgNbdRecoversSimulatedParametersWithinTheirStandardErrors() {
        double r = 0.6, alpha = 5.0, a = 0.9, b = 3.0;
        SplittableRandom rnd = new SplittableRandom(20261123);
        Map<String, double[]> patterns = new HashMap<>();
        int n = 6000;
        for (int c = 0; c < n; c++) {
            double bigT = 26 + rnd.nextInt(53);            // observed 26–78 weeks
            double lambda = gamma(rnd, r) / alpha;
            double p = beta(rnd, a, b);
            double t = 0;
            int x = 0;
            double tx = 0;
            while (true) {
                t += -Math.log(1 - rnd.nextDouble()) / lambda;
                if (t > bigT) {
                    break;
                }
                x++;
                tx = t;
                if (rnd.nextDouble() < p) {
                    break;                                  // drops out after this purchase
                }
            }
            patterns.computeIfAbsent(x + "|" + tx + "|" + bigT, k -> new double[] {0})[0]++;
        }
        int k = 0;
        int[] px = new int[patterns.size()];
        double[] ptx = new double[px.length], pT = new double[px.length], pw = new double[px.length];
        for (Map.Entry<String, double[]> e : patterns.entrySet()) {
            String[] f = e.getKey().split("\\|");
            px[k] = Integer.parseInt(f[0]);
            ptx[k] = Double.parseDouble(f[1]);
            pT[k] = Double.parseDouble(f[2]);
            pw[k] = e.getValue()[0];
            k++;
        }
        BgNbdModel.Fit fit = BgNbdModel.fit(BgNbdModel.Patterns.of(px, ptx, pT, pw), () -> { });
        assertThat(fit.converged()).as(fit.reason()).isTrue();
        double[] truth = {r, alpha, a, b};
        double[] est = {fit.model().r(), fit.model().alpha(), fit.model().a(), fit.model().b()};
        for (int i = 0; i < 4; i++) {
            assertThat(Math.abs(est[i] - truth[i])).as("parameter %d: %f ± %f vs %f", i, est[i], fit.standardErrors()[i], truth[i])
                    .isLessThan(3 * fit.standardErrors()[i]);
        }
    }

    @Test
    void gammaGammaRecoversSimulatedParameters() {
        double p = 6, q = 4, gam = 15;
        SplittableRandom rnd = new SplittableRandom(7);
        int n = 4000;
        int[] x = new int[n];
        double[] m = new double[n];
        for (int c = 0; c < n; c++) {
            double nu = gamma(rnd, q) / gam;
            x[c] = 1 + rnd.nextInt(8);
            double sum = 0;
            for (int j = 0; j < x[c]; j++) {
                sum += gamma(rnd, p) / nu;
            }
            m[c] = sum / x[c];
        }
        GammaGammaModel.Fit fit = GammaGammaModel.fit(x, m, () -> { });
        assertThat(fit.converged()).as(fit.reason()).isTrue();
        double[] truth = {p, q, gam};
        double[] est = {fit.model().p(), fit.model().q(), fit.model().gamma()};
        for (int i = 0; i < 3; i++) {
            assertThat(Math.abs(est[i] - truth[i])).as("parameter %d: %f ± %f", i, est[i], fit.standardErrors()[i])
                    .isLessThan(3 * fit.standardErrors()[i]);
        }
        // expected spend of a customer is a precision-weighted mean of population mean and own mean
        GammaGammaModel g = new GammaGammaModel(6.25, 3.74, 15.44);
        double pop = 6.25 * 15.44 / (3.74 - 1);
        double own = 40;
        double w = 6.25 * 3 / (6.25 * 3 + 3.74 - 1);
        assertThat(g.expectedSpend(3, own)).isCloseTo((1 - w) * pop + w * own, within(1e-9));
    }

    @Test
    void simpleClvIsTheSeedsExample() {
        // seeds/001: 1 000 a year for 10 years (annual churn 10 %) minus 1 000 acquisition = 9 000
        assertThat(SimpleClv.value(1000, 0.10, 1000)).isCloseTo(9000, within(1e-9));
        assertThat(SimpleClv.value(1000, 0, 1000)).isNaN();
    }

    static double gamma(SplittableRandom r, double shape) {
        if (shape < 1) {
            return gamma(r, shape + 1) * Math.pow(r.nextDouble(), 1 / shape);
        }
        double d = shape - 1.0 / 3, c = 1 / Math.sqrt(9 * d);
        while (true) {
            double z = normal(r), v = Math.pow(1 + c * z, 3);
            if (v > 0 && Math.log(r.nextDouble()) < 0.5 * z * z + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }

    static double beta(SplittableRandom r, double a, double b) {
        double x = gamma(r, a);
        return x / (x + gamma(r, b));
    }

    static double normal(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
