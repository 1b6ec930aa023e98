package io.klarsyn.metrics.churn.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void chiSquareWithTwoAndFourDegreesOfFreedomHasClosedForms() {
        // df = 2: P(X > x) = exp(-x/2); df = 4: exp(-x/2) (1 + x/2) (Q(1, x/2), Q(2, x/2)).
        for (double x : new double[] {0.1, 1, 5.991464547107979, 20, 60}) {
            assertThat(Stats.chiSquareSurvival(x, 2)).isCloseTo(Math.exp(-x / 2), within(1e-13));
            assertThat(Stats.chiSquareSurvival(x, 4)).isCloseTo(Math.exp(-x / 2) * (1 + x / 2), within(1e-13));
        }
    }

    @Test
    void tableQuantilesGiveFivePercent() {
        // Standard tables (Abramowitz & Stegun 26.2, 26.4): chi2(1) 0.95 quantile 3.841459, z 0.975 quantile 1.959964.
        assertThat(Stats.chiSquareSurvival(3.841458820694124, 1)).isCloseTo(0.05, within(1e-12));
        assertThat(Stats.normalTwoSided(Stats.Z95)).isCloseTo(0.05, within(1e-12));
        assertThat(Stats.normalTwoSided(0)).isEqualTo(1.0);
        // 2 (1 - Phi(3)) = 0.0026997960632601866 (A&S 26.2 / any normal table)
        assertThat(Stats.normalTwoSided(-3)).isCloseTo(0.0026997960632601866, within(1e-14));
    }

    @Test
    void logGammaOfIntegersAndOneHalf() {
        assertThat(Stats.logGamma(5)).isCloseTo(Math.log(24), within(1e-13));
        assertThat(Stats.logGamma(0.5)).isCloseTo(0.5 * Math.log(Math.PI), within(1e-13));
        assertThat(Stats.logGamma(101)).isCloseTo(363.73937555556347, within(1e-9)); // ln(100!)
    }
}
