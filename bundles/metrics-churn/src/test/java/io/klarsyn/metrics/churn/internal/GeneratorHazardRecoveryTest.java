package io.klarsyn.metrics.churn.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.klarsyn.api.result.MetricResult;
import io.klarsyn.api.result.Table;
import io.klarsyn.generator.GeneratorOptions;
import io.klarsyn.generator.Generator;
import io.klarsyn.generator.GroundTruth;
import io.klarsyn.testkit.TestContext;
import io.klarsyn.testkit.TestLedger;

/**
 * The churn counted by the calculator against the generator's known hazards: for each plan, the
 * customers lost in the last 12 months must match the number the hazards predict for the exposure
 * actually observed, Σ λ_i · months at risk_i with λ_i = −ln(1 − h_i) and h_i = base[plan] ×
 * mult[segment] × mult[channel] (GroundTruth), within 4 Poisson standard errors.
 */
class GeneratorHazardRecoveryTest {

    @TempDir
    Path tmp;

    @Test
    void lostCustomersPerPlanMatchTheGeneratorsHazards() throws Exception {
        YearMonth end = YearMonth.of(2026, 9);
        Generator.generate(GeneratorOptions.defaults().withCustomers(8000).withMonths(24).withEnd(end).withSeed(5), tmp);
        List<String> lines = Files.readAllLines(tmp.resolve("customers.csv"));
        List<String> header = List.of(lines.get(0).split(","));
        int ci = header.indexOf("customer_id"), ai = header.indexOf("acquired_on"), chi = header.indexOf("churned_on");
        int si = header.indexOf("segment"), pi = header.indexOf("plan"), hi = header.indexOf("channel");
        LocalDate asOf = end.atEndOfMonth();
        double windowStart = end.minusMonths(11).atDay(1).toEpochDay();
        double windowEnd = asOf.toEpochDay() + 1;
        TestLedger.Builder b = TestLedger.asOf(asOf);
        Map<String, Double> expected = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            String churned = f[chi].isEmpty() ? null : f[chi];
            b.customer(f[ci], f[ai], churned, Map.of("plan", f[pi], "segment", f[si], "channel", f[hi]));
            double from = Math.max(windowStart, LocalDate.parse(f[ai]).toEpochDay());
            double to = Math.min(windowEnd, churned == null ? windowEnd : LocalDate.parse(churned).toEpochDay());
            if (to > from) {
                double h = GroundTruth.BASE_HAZARD[GroundTruth.PLANS.indexOf(f[pi])]
                        * GroundTruth.SEGMENT_HAZARD_MULT[GroundTruth.SEGMENTS.indexOf(f[si])]
                        * GroundTruth.CHANNEL_HAZARD_MULT[GroundTruth.CHANNELS.indexOf(f[hi])];
                expected.merge(f[pi], -Math.log(1 - h) * (to - from) / GroundTruth.DAYS_PER_MONTH, Double::sum);
            }
        }
        TestContext ctx = TestContext.builder(end).ledger(b.build()).setting("churn.segments", "plan").build();
        List<MetricResult> results = new ChurnCalculator().compute(ctx);
        Table byPlan = (Table) results.stream().filter(r -> r.id().equals("churn.by.plan")).findFirst().orElseThrow();
        int level = col(byPlan, "level"), lost12 = col(byPlan, "lost12m");
        assertThat(byPlan.rows()).hasSize(3);
        for (List<Object> row : byPlan.rows()) {
            String plan = (String) row.get(level);
            double observed = ((Number) row.get(lost12)).doubleValue();
            double exp = expected.get(plan);
            assertThat(Math.abs(observed - exp)).as("plan %s: lost %f, hazards predict %f", plan, observed, exp)
                    .isLessThan(4 * Math.sqrt(exp));
        }
    }

    private static int col(Table t, String id) {
        for (int i = 0; i < t.columns().size(); i++) {
            if (t.columns().get(i).id().equals(id)) {
                return i;
            }
        }
        throw new AssertionError("no column " + id + " in " + t.columns());
    }
}
