package io.klarsyn.metrics.churn.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class LogisticRegressionTest {

    /** Rows of a 2×2 table: x = 1 for a + b rows, y = 1 for a and c rows. */
    static LogisticRegression.Outcome twoByTwo(int a, int b, int c, int d) {
        int n = a + b + c + d;
        double[][] x = new double[n][];
        boolean[] y = new boolean[n];
        int i = 0;
        for (int k = 0; k < a; k++, i++) {
            x[i] = new double[] {1, 1};
            y[i] = true;
        }
        for (int k = 0; k < b; k++, i++) {
            x[i] = new double[] {1, 1};
        }
        for (int k = 0; k < c; k++, i++) {
            x[i] = new double[] {1, 0};
            y[i] = true;
        }
        for (int k = 0; k < d; k++, i++) {
            x[i] = new double[] {1, 0};
        }
        return LogisticRegression.fit(LogisticRegression.Design.dense(x), y, () -> false);
    }

    @Test
    void singleBinaryPredictorGivesTheLogOddsRatioOfTheTable() {
        // Closed form: coef = ln(ad / bc), se = sqrt(1/a + 1/b + 1/c + 1/d), intercept = ln(c / d);
        // the fitted probabilities are the cell shares, so ll = a ln(a/(a+b)) + b ln(b/(a+b)) + c ln(c/(c+d)) + d ln(d/(c+d)).
        int a = 30, b = 70, c = 10, d = 90;
        var fit = (LogisticRegression.Fit) twoByTwo(a, b, c, d);
        assertThat(fit.beta()[1]).isCloseTo(Math.log(30.0 * 90 / (70 * 10)), within(1e-9));
        assertThat(fit.se()[1]).isCloseTo(Math.sqrt(1.0 / a + 1.0 / b + 1.0 / c + 1.0 / d), within(1e-7));
        assertThat(fit.beta()[0]).isCloseTo(Math.log(10.0 / 90), within(1e-9));
        assertThat(fit.se()[0]).isCloseTo(Math.sqrt(1.0 / c + 1.0 / d), within(1e-7));
        double ll = a * Math.log(0.3) + b * Math.log(0.7) + c * Math.log(0.1) + d * Math.log(0.9);
        assertThat(fit.logLikelihood()).isCloseTo(ll, within(1e-9));
        double ll0 = 40 * Math.log(0.2) + 160 * Math.log(0.8);
        assertThat(fit.nullLogLikelihood()).isCloseTo(ll0, within(1e-9));
        assertThat(fit.mcFaddenR2()).isCloseTo(1 - ll / ll0, within(1e-12));
        // AUC of a binary score: P(x_lost > x_kept) + ½ P(tie); ties are lost/kept pairs with equal x: (30·90 + ½(30·10 + 10·70)) / (40·160)
        assertThat(fit.auc()).isCloseTo((30.0 * 90 + 0.5 * (30 * 70 + 10 * 90)) / (40 * 160), within(1e-12));
        assertThat(fit.converged()).isTrue();
    }

    @Test
    void uclaAdmissionsExampleMatchesGlm() throws Exception {
        // UCLA OARC "Logit regression, R data analysis examples" (binary.csv, 400 applicants):
        // glm(admit ~ gre + gpa + factor(rank), binomial) gives
        //   (Intercept) -3.989979 (1.139951), gre 0.002264 (0.001094), gpa 0.804038 (0.331819),
        //   rank2 -0.675443 (0.316490), rank3 -1.340204 (0.345306), rank4 -1.551464 (0.417832);
        //   null deviance 499.98, residual deviance 458.52.
        // Klarsyn's reference level is the most frequent one, rank 2 (151 of 400), so the rank terms
        // become differences: rank1 = +0.675443 (same se), rank3 = -1.340204 + 0.675443, rank4 = -1.551464 + 0.675443,
        // and the intercept -3.989979 - 0.675443.
        List<double[]> rows = new ArrayList<>();
        List<Boolean> ys = new ArrayList<>();
        try (var r = new BufferedReader(new InputStreamReader(
                getClass().getResourceAsStream("/ucla-binary.csv"), StandardCharsets.UTF_8))) {
            r.readLine();
            for (String line; (line = r.readLine()) != null;) {
                String[] f = line.split(",");
                int rank = Integer.parseInt(f[3]);
                rows.add(new double[] {1, Double.parseDouble(f[1]), Double.parseDouble(f[2]), rank == 1 ? 1 : 0,
                    rank == 3 ? 1 : 0, rank == 4 ? 1 : 0});
                ys.add(f[0].equals("1"));
            }
        }
        boolean[] y = new boolean[ys.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = ys.get(i);
        }
        var fit = (LogisticRegression.Fit) LogisticRegression.fit(
                LogisticRegression.Design.dense(rows.toArray(double[][]::new)), y, () -> false);
        assertThat(fit.n()).isEqualTo(400);
        assertThat(fit.events()).isEqualTo(127);
        assertThat(fit.beta()[0]).isCloseTo(-3.989979 - 0.675443, within(2e-6));
        assertThat(fit.beta()[1]).isCloseTo(0.002264, within(5e-7));
        assertThat(fit.se()[1]).isCloseTo(0.001094, within(5e-7));
        assertThat(fit.beta()[2]).isCloseTo(0.804038, within(5e-7));
        assertThat(fit.se()[2]).isCloseTo(0.331819, within(5e-7));
        assertThat(fit.beta()[3]).isCloseTo(0.675443, within(5e-7));
        assertThat(fit.se()[3]).isCloseTo(0.316490, within(5e-7));
        assertThat(fit.beta()[4]).isCloseTo(-1.340204 + 0.675443, within(1e-6));
        assertThat(fit.beta()[5]).isCloseTo(-1.551464 + 0.675443, within(1e-6));
        assertThat(-2 * fit.nullLogLikelihood()).isCloseTo(499.98, within(0.005));
        assertThat(-2 * fit.logLikelihood()).isCloseTo(458.52, within(0.005));
        // Wald p of gpa: R prints 0.015388; of rank 1 vs 2 (= rank2 vs 1): 0.032829
        assertThat(fit.p(2)).isCloseTo(0.015388, within(5e-6));
        assertThat(fit.p(3)).isCloseTo(0.032829, within(5e-6));
    }

    @Test
    void aucCountsTiesAsOneHalf() {
        // positives {0.9, 0.4}, negatives {0.5, 0.4, 0.1}: 0.9 beats 3; 0.4 beats 0.1, ties 0.4 → 1.5; 4.5 / 6
        assertThat(LogisticRegression.auc(new double[] {0.9, 0.4}, new double[] {0.5, 0.4, 0.1})).isEqualTo(0.75);
    }

    @Test
    void aDummyWithOnlyOneOutcomeIsSeparation() {
        var out = twoByTwo(20, 0, 10, 90);
        assertThat(out).isInstanceOf(LogisticRegression.Failure.class);
        var f = (LogisticRegression.Failure) out;
        assertThat(f.reason()).isEqualTo(LogisticRegression.Failure.SEPARATION);
        assertThat(f.column()).isEqualTo(1);
    }

    @Test
    void aNumericThatSplitsTheOutcomesIsSeparation() {
        // y = 1 exactly when x > 5: the likelihood increases without bound in the slope.
        double[][] x = new double[20][];
        boolean[] y = new boolean[20];
        for (int i = 0; i < 20; i++) {
            x[i] = new double[] {1, i * 0.5, (i * 7 % 5)};
            y[i] = i * 0.5 > 5;
        }
        var out = LogisticRegression.fit(LogisticRegression.Design.dense(x), y, () -> false);
        assertThat(out).isInstanceOf(LogisticRegression.Failure.class);
        assertThat(((LogisticRegression.Failure) out).reason()).isEqualTo(LogisticRegression.Failure.SEPARATION);
        assertThat(((LogisticRegression.Failure) out).column()).isEqualTo(1);
    }

    @Test
    void constantAndCollinearColumnsAreNamed() {
        double[][] x = new double[30][];
        boolean[] y = new boolean[30];
        for (int i = 0; i < 30; i++) {
            double a = i % 4;
            double b = (i * 3) % 7;
            x[i] = new double[] {1, a, b, 2 * a - b, 5};
            y[i] = (i * 11) % 3 == 0;
        }
        var constant = LogisticRegression.fit(LogisticRegression.Design.dense(x), y, () -> false);
        assertThat(constant).isEqualTo(new LogisticRegression.Failure(LogisticRegression.Failure.CONSTANT, 4, 0));
        double[][] x2 = new double[30][];
        for (int i = 0; i < 30; i++) {
            x2[i] = java.util.Arrays.copyOf(x[i], 4);
        }
        var collinear = (LogisticRegression.Failure) LogisticRegression.fit(LogisticRegression.Design.dense(x2), y,
                () -> false);
        assertThat(collinear.reason()).isEqualTo(LogisticRegression.Failure.COLLINEAR);
        assertThat(collinear.column()).isEqualTo(3);
    }
}
