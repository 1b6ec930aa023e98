package io.klarsyn.metrics.churn.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.klarsyn.api.result.MetricResult;
import io.klarsyn.api.result.Note;
import io.klarsyn.api.result.Table;
import io.klarsyn.testkit.TestContext;
import io.klarsyn.testkit.TestLedger;

class DriverModelTest {

    /*
     * As of 2024-03-31, window 12 months (from 2023-04-01). Every cell of the 2×2 table (plan × lost)
     * is split evenly between tenure 10 and 20 months:
     *   kept, 10 months: acquired 2023-05-15; kept, 20 months: acquired 2022-07-15 (to 2024-03-31)
     *   lost on 2024-01-20, 10 months: acquired 2023-03-15; 20 months: acquired 2022-05-15
     * premium: 20 lost, 20 kept; basis: 20 lost, 80 kept → basis is the most frequent level, the reference.
     * Tenure is balanced within each plan and outcome, so its MLE is 0 and, being orthogonal to plan under
     * the weights, leaves the 2×2 closed form intact: coef(plan=premium) = ln(20·80 / (20·20)) = ln 4,
     * se = sqrt(1/20 + 1/20 + 1/20 + 1/80), intercept = logit(20/100) − 0·… = ln(1/4) minus 15·coef(tenure) = ln(1/4).
     */
    static void cell(TestLedger.Builder b, String plan, boolean lost, int count, Map<String, String> extra) {
        for (int k = 0; k < count; k++) {
            boolean longTenure = k % 2 == 0;
            String acq = lost ? (longTenure ? "2022-05-15" : "2023-03-15") : (longTenure ? "2022-07-15" : "2023-05-15");
            Map<String, String> attrs = new HashMap<>(extra);
            attrs.put("plan", plan);
            b.customer(plan + lost + k, acq, lost ? "2024-01-20" : null, attrs);
        }
    }

    static TestLedger.Builder table(Map<String, String> premiumExtra, Map<String, String> basisExtra) {
        var b = TestLedger.asOf(LocalDate.parse("2024-03-31"));
        cell(b, "premium", true, 20, premiumExtra);
        cell(b, "premium", false, 20, premiumExtra);
        cell(b, "basis", true, 20, basisExtra);
        cell(b, "basis", false, 80, basisExtra);
        return b;
    }

    static List<MetricResult> drivers(TestLedger ledger, String names) {
        var ctx = TestContext.builder(YearMonth.of(2024, 3)).ledger(ledger).setting("churn.drivers", names).build();
        return new ChurnCalculator().compute(ctx).stream().filter(r -> r.id().startsWith("churn.drivers")).toList();
    }

    @Test
    void twoByTwoThroughTheCalculatorGivesTheClosedForm() {
        var out = drivers(table(Map.of(), Map.of()).build(), "plan");
        Table t = (Table) out.get(0);
        assertThat(t.rows()).extracting(r -> r.get(0)).containsExactly("(Intercept)", "plan=premium", "tenure_months");
        List<Object> premium = t.rows().get(1);
        double coef = (Double) premium.get(1);
        double se = (Double) premium.get(2);
        assertThat(coef).isCloseTo(Math.log(4), within(1e-8));
        assertThat(se).isCloseTo(Math.sqrt(1 / 20.0 + 1 / 20.0 + 1 / 20.0 + 1 / 80.0), within(1e-7));
        assertThat((Double) premium.get(3)).isCloseTo(4.0, within(1e-7));
        assertThat((Double) premium.get(4)).isCloseTo(Math.exp(coef - Stats.Z95 * se), within(1e-12));
        assertThat((Double) premium.get(5)).isCloseTo(Math.exp(coef + Stats.Z95 * se), within(1e-12));
        assertThat((Double) premium.get(6)).isCloseTo(Stats.normalTwoSided(coef / se), within(1e-12));
        assertThat((Double) t.rows().get(2).get(1)).isCloseTo(0.0, within(1e-8));
        assertThat((Double) t.rows().get(0).get(1)).isCloseTo(Math.log(0.25), within(1e-7));
        assertThat(t.facts()).containsEntry("n", 140).containsEntry("events", 40);
        assertThat(t.facts().get("reference")).isEqualTo(Map.of("plan", "basis"));
        assertThat((Double) t.facts().get("mcFaddenR2")).isBetween(0.0, 1.0);
    }

    @Test
    void aLevelWhoseCustomersWereAllLostIsNamedAsSeparation() {
        var b = table(Map.of(), Map.of());
        b.customer("x1", "2022-05-15", "2024-01-20", Map.of("plan", "gold"));
        b.customer("x2", "2023-03-15", "2024-01-20", Map.of("plan", "gold"));
        var out = drivers(b.build(), "plan");
        Note n = (Note) out.get(0);
        assertThat(n.id()).isEqualTo("churn.drivers");
        assertThat(n.messageKey()).isEqualTo("churn.drivers.failed.separation");
        assertThat(n.args()).containsExactly("plan=gold");
    }

    @Test
    void aConstantNumericAttributeIsNamed() {
        var out = drivers(table(Map.of("score", "7"), Map.of("score", "7")).build(), "plan,score");
        Note n = (Note) out.get(0);
        assertThat(n.messageKey()).isEqualTo("churn.drivers.failed.constant");
        assertThat(n.args()).containsExactly("score");
    }

    @Test
    void anAttributeThatRepeatsAnotherIsCollinear() {
        // tier is plan renamed: tier=pro duplicates plan=premium
        var out = drivers(table(Map.of("tier", "pro"), Map.of("tier", "std")).build(), "plan,tier");
        Note n = (Note) out.get(0);
        assertThat(n.messageKey()).isEqualTo("churn.drivers.failed.collinear");
        assertThat(n.args()).containsExactly("tier=pro");
    }

    @Test
    void blankDriverValuesAreLeftOutAndCounted() {
        var b = table(Map.of("score", "1"), Map.of("score", "2"));
        b.customer("blank", "2023-03-15", null, Map.of("plan", "basis"));
        var ctx = TestContext.builder(YearMonth.of(2024, 3)).ledger(b.build()).setting("churn.drivers", "score").build();
        var t = (Table) new ChurnCalculator().compute(ctx).stream().filter(r -> r.id().equals("churn.drivers"))
                .findFirst().orElseThrow();
        assertThat(t.facts()).containsEntry("excludedMissing", 1).containsEntry("n", 140);
        // issue 17 item 10: said on the page in the report's language (a note), in English only in the run log
        assertThat(ctx.warnings()).isEmpty();
        assertThat(ctx.infos()).anyMatch(w -> w.contains("1 customers left out"));
        Note note = (Note) new ChurnCalculator().compute(ctx).stream()
                .filter(r -> r.id().equals("churn.drivers.excludedMissing")).findFirst().orElseThrow();
        assertThat(note.args()).containsExactly(1);
        assertThat(java.text.MessageFormat.format(new ChurnCalculator().messages(java.util.Locale.forLanguageTag("nb"))
                .getString(note.messageKey()), note.args().toArray()))
                .isEqualTo("1 kunder er utelatt fra modellen for frafallsdrivere fordi en driververdi er tom.");
    }

    @Test
    void knownLogisticCoefficientsAreRecovered() {
        // Ground truth: logit P(y) = -1 + 0.8 x + -0.5 d, x ~ N(0,1), d ~ Bernoulli(0.3), n = 20 000, seed 7.
        Random rnd = new Random(7);
        int n = 20_000;
        double[][] x = new double[n][];
        boolean[] y = new boolean[n];
        for (int i = 0; i < n; i++) {
            double v = rnd.nextGaussian();
            double d = rnd.nextDouble() < 0.3 ? 1 : 0;
            x[i] = new double[] {1, v, d};
            y[i] = rnd.nextDouble() < 1 / (1 + Math.exp(-(-1 + 0.8 * v - 0.5 * d)));
        }
        var fit = (LogisticRegression.Fit) LogisticRegression.fit(LogisticRegression.Design.dense(x), y, () -> false);
        double[] truth = {-1, 0.8, -0.5};
        for (int j = 0; j < 3; j++) {
            assertThat(Math.abs(fit.beta()[j] - truth[j])).as("term " + j).isLessThan(4 * fit.se()[j]);
        }
    }
}
