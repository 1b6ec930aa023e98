package io.klarsyn.metrics.cx.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * R's {@code swiss} data (Mosteller &amp; Tukey 1977; 47 provinces; Fertility on Agriculture,
 * Examination, Education, Catholic, Infant.Mortality), the example of Grömping (2006), "Relative
 * importance for linear regression in R: the package relaimpo", JSS 17(1).
 *
 * <p>References: R² = 0.7067 is the "Multiple R-squared" R prints for
 * {@code summary(lm(Fertility ~ ., swiss))}. The LMG shares are the output of an independent
 * implementation: Python/NumPy brute force over all 5! orders, each subset fitted with
 * {@code numpy.linalg.lstsq} on the raw data (not via correlations):
 * 0.05709122, 0.17117303, 0.26013468, 0.10557015, 0.11276592 (sum 0.70673500). Johnson's relative
 * weights from an independent NumPy implementation ({@code numpy.linalg.eigh} of the correlation
 * matrix, Λ = V√DV', β = Λ⁻¹r, w = (Λ∘Λ)(β∘β)): 0.0484169, 0.15470825, 0.2719641, 0.11468003, 0.11696572.
 */
class SwissLmgTest {

    static final double[][] SWISS = {
        {80.2, 17, 15, 12, 9.96, 22.2}, // Courtelary
        {83.1, 45.1, 6, 9, 84.84, 22.2}, // Delemont
        {92.5, 39.7, 5, 5, 93.4, 20.2}, // Franches-Mnt
        {85.8, 36.5, 12, 7, 33.77, 20.3}, // Moutier
        {76.9, 43.5, 17, 15, 5.16, 20.6}, // Neuveville
        {76.1, 35.3, 9, 7, 90.57, 26.6}, // Porrentruy
        {83.8, 70.2, 16, 7, 92.85, 23.6}, // Broye
        {92.4, 67.8, 14, 8, 97.16, 24.9}, // Glane
        {82.4, 53.3, 12, 7, 97.67, 21}, // Gruyere
        {82.9, 45.2, 16, 13, 91.38, 24.4}, // Sarine
        {87.1, 64.5, 14, 6, 98.61, 24.5}, // Veveyse
        {64.1, 62, 21, 12, 8.52, 16.5}, // Aigle
        {66.9, 67.5, 14, 7, 2.27, 19.1}, // Aubonne
        {68.9, 60.7, 19, 12, 4.43, 22.7}, // Avenches
        {61.7, 69.3, 22, 5, 2.82, 18.7}, // Cossonay
        {68.3, 72.6, 18, 2, 24.2, 21.2}, // Echallens
        {71.7, 34, 17, 8, 3.3, 20}, // Grandson
        {55.7, 19.4, 26, 28, 12.11, 20.2}, // Lausanne
        {54.3, 15.2, 31, 20, 2.15, 10.8}, // La Vallee
        {65.1, 73, 19, 9, 2.84, 20}, // Lavaux
        {65.5, 59.8, 22, 10, 5.23, 18}, // Morges
        {65, 55.1, 14, 3, 4.52, 22.4}, // Moudon
        {56.6, 50.9, 22, 12, 15.14, 16.7}, // Nyone
        {57.4, 54.1, 20, 6, 4.2, 15.3}, // Orbe
        {72.5, 71.2, 12, 1, 2.4, 21}, // Oron
        {74.2, 58.1, 14, 8, 5.23, 23.8}, // Payerne
        {72, 63.5, 6, 3, 2.56, 18}, // Paysd'enhaut
        {60.5, 60.8, 16, 10, 7.72, 16.3}, // Rolle
        {58.3, 26.8, 25, 19, 18.46, 20.9}, // Vevey
        {65.4, 49.5, 15, 8, 6.1, 22.5}, // Yverdon
        {75.5, 85.9, 3, 2, 99.71, 15.1}, // Conthey
        {69.3, 84.9, 7, 6, 99.68, 19.8}, // Entremont
        {77.3, 89.7, 5, 2, 100, 18.3}, // Herens
        {70.5, 78.2, 12, 6, 98.96, 19.4}, // Martigwy
        {79.4, 64.9, 7, 3, 98.22, 20.2}, // Monthey
        {65, 75.9, 9, 9, 99.06, 17.8}, // St Maurice
        {92.2, 84.6, 3, 3, 99.46, 16.3}, // Sierre
        {79.3, 63.1, 13, 13, 96.83, 18.1}, // Sion
        {70.4, 38.4, 26, 12, 5.62, 20.3}, // Boudry
        {65.7, 7.7, 29, 11, 13.79, 20.5}, // La Chauxdfnd
        {72.7, 16.7, 22, 13, 11.22, 18.9}, // Le Locle
        {64.4, 17.6, 35, 32, 16.92, 23}, // Neuchatel
        {77.6, 37.6, 15, 7, 4.97, 20}, // Val de Ruz
        {67.6, 18.7, 25, 7, 8.65, 19.5}, // ValdeTravers
        {35, 1.2, 37, 53, 42.34, 18}, // V. De Geneve
        {44.7, 46.6, 16, 29, 50.43, 18.2}, // Rive Droite
        {42.8, 27.7, 22, 29, 58.33, 19.3}, // Rive Gauche
    };

    @Test
    void lmgOnSwissMatchesTheReference() {
        DriversTest.Corr c = DriversTest.corr(SWISS);
        Drivers.Lmg lmg = Drivers.lmgExact(c.rxx(), c.rxy(), Drivers.Cancel.NONE);
        assertThat(lmg.r2()).isCloseTo(0.7067, within(0.00005));
        double[] expected = {0.05709122, 0.17117303, 0.26013468, 0.10557015, 0.11276592};
        for (int j = 0; j < 5; j++) {
            assertThat(lmg.shares()[j]).isCloseTo(expected[j], within(1e-7));
        }
    }

    @Test
    void relativeWeightsOnSwissMatchTheReference() {
        DriversTest.Corr c = DriversTest.corr(SWISS);
        double[] w = Drivers.relativeWeights(c.rxx(), c.rxy());
        double[] expected = {0.0484169, 0.15470825, 0.2719641, 0.11468003, 0.11696572};
        for (int j = 0; j < 5; j++) {
            assertThat(w[j]).isCloseTo(expected[j], within(1e-7));
        }
    }
}
