package io.klarsyn.metrics.churn.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.klarsyn.api.result.Curve;
import io.klarsyn.api.result.MetricResult;
import io.klarsyn.api.result.Table;
import io.klarsyn.testkit.TestContext;
import io.klarsyn.testkit.TestLedger;

/**
 * Data generated with known ground truth: lifetimes exponential with a constant hazard per plan
 * (basis 3 %/month, premium 1 %/month, i.e. per day λ/30.436875), acquisitions uniform over
 * 2019-01-01..2024-03-31, 6 000 customers per plan, seed 42.
 */
class SimulatedHazardTest {

    static final double DAYS = 365.2425 / 12;

    @Test
    void survivalAndChurnRatesRecoverTheHazards() {
        Random rnd = new Random(42);
        var b = TestLedger.asOf(LocalDate.parse("2024-03-31"));
        int from = (int) LocalDate.parse("2019-01-01").toEpochDay();
        int to = (int) LocalDate.parse("2024-03-31").toEpochDay();
        Map<String, Double> hazard = Map.of("basis", 0.03, "premium", 0.01);
        int id = 0;
        for (String plan : List.of("basis", "premium")) {
            for (int k = 0; k < 6000; k++) {
                int acq = from + rnd.nextInt(to - from + 1);
                double life = -Math.log(1 - rnd.nextDouble()) / (hazard.get(plan) / DAYS);
                long end = acq + (long) Math.ceil(life);
                b.customer("c" + id++, LocalDate.ofEpochDay(acq), end <= to ? LocalDate.ofEpochDay(end) : null,
                        Map.of("plan", plan));
            }
        }
        var ctx = TestContext.builder(YearMonth.of(2024, 3)).ledger(b.build()).setting("churn.segments", "plan")
                .setting("churn.drivers", "plan").build();
        Map<String, MetricResult> r = ChurnCalculatorTest.run(ctx);

        // Survival at 12 months: exp(-12 λ) = 0.6977 (basis), 0.8869 (premium); within 3 standard errors
        // (the band's half-width / 1.96 on the log scale is a conservative se here).
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> per = (Map<String, Map<String, Object>>) ((Curve) r.get("churn.km")).facts()
                .get("bySegment");
        for (String plan : List.of("basis", "premium")) {
            double truth = Math.exp(-12 * hazard.get(plan));
            Map<String, Object> f = per.get(plan);
            double s = (Double) f.get("survival12");
            double se = ((Double) f.get("survival12Upper") - (Double) f.get("survival12Lower")) / (2 * 1.96);
            assertThat(Math.abs(s - truth)).as(plan + " S(12)").isLessThan(3 * se);
            // median lifetime of an exponential: ln 2 / λ months
            if (plan.equals("basis")) {
                double median = (Double) f.get("medianMonths");
                assertThat(median).isBetween(Math.log(2) / 0.03 * 0.9, Math.log(2) / 0.03 * 1.1);
            }
        }
        assertThat((Double) ((Curve) r.get("churn.km")).facts().get("logRankP")).isLessThan(1e-6);

        // 12-month churn rate per plan: lost in 12 months / mean month-start count ≈ exposure·λ / mean count
        // ≈ 12 λ for a steady inflow (0.36 and 0.12); allow 15 % for the sampling and the month-start approximation.
        Table t = (Table) r.get("churn.by.plan");
        for (List<Object> row : t.rows()) {
            double truth = 12 * hazard.get((String) row.get(0));
            assertThat((Double) row.get(7)).as(row.get(0) + " rate12m").isBetween(truth * 0.85, truth * 1.15);
        }
        // The driver model: premium customers stay longer, so more of them are in the window's sample and
        // premium is the reference; basis customers are lost more often: odds ratio clearly above 1.
        Table d = (Table) r.get("churn.drivers");
        assertThat(d.facts().get("reference")).isEqualTo(Map.of("plan", "premium"));
        List<Object> basis = d.rows().stream().filter(row -> row.get(0).equals("plan=basis")).findFirst()
                .orElseThrow();
        assertThat((Double) basis.get(4)).isGreaterThan(1.0);
    }
}
