package io.klarsyn.generator.internal;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Sample moments against theory. Tolerance: 5 standard errors. SE of the mean = sd/√n; SE of the
 * sample variance ≈ √((μ4 − σ⁴)/n). Gamma(k, rate θ): mean k/θ, var k/θ², μ4 = 3k(k+2)/θ⁴.
 * Beta(a, b): mean a/(a+b), var ab/((a+b)²(a+b+1)).
 */
class SamplersTest {
    private static final int N = 200_000;

    @ParameterizedTest
    @CsvSource({"0.25, 2.0", "1.0, 2.2", "6.0, 0.05", "4.0, 225"})
    void gammaMoments(double k, double rate) {
        Samplers s = new Samplers(new SplittableRandom(7));
        double[] x = new double[N];
        for (int i = 0; i < N; i++) x[i] = s.gamma(k, rate);
        double mean = k / rate, var = k / (rate * rate), mu4 = 3 * k * (k + 2) / Math.pow(rate, 4);
        assertThat(mean(x)).isCloseTo(mean, within(5 * Math.sqrt(var / N)));
        assertThat(variance(x)).isCloseTo(var, within(5 * Math.sqrt((mu4 - var * var) / N)));
        for (double v : x) assertThat(v).isPositive();
    }

    @ParameterizedTest
    @CsvSource({"0.8, 6.0", "2.0, 2.0"})
    void betaMoments(double a, double b) {
        Samplers s = new Samplers(new SplittableRandom(11));
        double[] x = new double[N];
        for (int i = 0; i < N; i++) x[i] = s.beta(a, b);
        double mean = a / (a + b), var = a * b / ((a + b) * (a + b) * (a + b + 1));
        assertThat(mean(x)).isCloseTo(mean, within(5 * Math.sqrt(var / N)));
        // variance SE bounded using μ4 ≤ var (values in [0,1]): SE ≤ √(var/N)
        assertThat(variance(x)).isCloseTo(var, within(5 * Math.sqrt(var / N)));
    }

    @ParameterizedTest
    @CsvSource({"1.0", "0.5"})
    void normalAndExponential(double rate) {
        Samplers s = new Samplers(new SplittableRandom(3));
        double[] z = new double[N], e = new double[N];
        for (int i = 0; i < N; i++) { z[i] = s.normal(); e[i] = s.exponential(rate); }
        assertThat(mean(z)).isCloseTo(0, within(5 / Math.sqrt(N)));
        assertThat(variance(z)).isCloseTo(1, within(5 * Math.sqrt(2.0 / N))); // μ4 − σ⁴ = 2
        assertThat(mean(e)).isCloseTo(1 / rate, within(5 / rate / Math.sqrt(N)));
    }

    static double mean(double[] x) {
        double s = 0;
        for (double v : x) s += v;
        return s / x.length;
    }

    static double variance(double[] x) {
        double m = mean(x), s = 0;
        for (double v : x) s += (v - m) * (v - m);
        return s / (x.length - 1);
    }
}
