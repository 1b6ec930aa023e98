package io.klarsyn.metrics.cx.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.klarsyn.api.result.MetricResult;
import io.klarsyn.api.result.Table;
import io.klarsyn.generator.GeneratorOptions;
import io.klarsyn.generator.Generator;
import io.klarsyn.generator.GroundTruth;
import io.klarsyn.testkit.CsvData;
import io.klarsyn.testkit.TestContext;

/**
 * Key-driver analysis on the generator's survey, whose likelihood-to-recommend is a known weighted
 * sum of the six drivers (GroundTruth.NPS_WEIGHT: problem_solving 0.35 and ease 0.30 weigh most,
 * personalization 0.05 least). LMG shares and Johnson's relative weights must rank the two heaviest
 * drivers on top and the lightest at the bottom, and explain a substantial part of the variance.
 */
class GeneratorDriverRecoveryTest {

    @TempDir
    Path tmp;

    @Test
    void driverImportanceFollowsTheKnownWeights() throws Exception {
        YearMonth end = YearMonth.of(2026, 9);
        Generator.generate(GeneratorOptions.defaults().withCustomers(20000).withMonths(12).withEnd(end).withSeed(9), tmp);
        CsvData data = CsvData.read(tmp, end.atEndOfMonth());
        List<MetricResult> results = new CxCalculator().compute(TestContext.builder(end).surveys(data.surveys()).build());
        Table t = (Table) results.stream().filter(x -> x.id().equals("cx.drivers")).findFirst().orElseThrow();
        int di = col(t, "driver"), li = col(t, "lmg"), ri = col(t, "relativeWeight");
        for (int measure : new int[] {li, ri}) {
            List<List<Object>> sorted = new ArrayList<>(t.rows());
            sorted.sort(Comparator.comparingDouble((List<Object> row) -> ((Number) row.get(measure)).doubleValue()).reversed());
            List<String> order = sorted.stream().map(row -> (String) row.get(di)).toList();
            assertThat(order.subList(0, 2)).as("top two by %s: %s", t.columns().get(measure).id(), order)
                    .containsExactlyInAnyOrder("problem_solving", "ease");
            assertThat(order.get(5)).as("last by %s", t.columns().get(measure).id()).isEqualTo("personalization");
        }
        assertThat(((Number) t.facts().get("r2")).doubleValue()).isGreaterThan(0.3);
        assertThat(GroundTruth.NPS_WEIGHT[1]).isEqualTo(0.35); // the weights this test relies on
    }

    private static int col(Table t, String id) {
        for (int i = 0; i < t.columns().size(); i++) {
            if (t.columns().get(i).id().equals(id)) {
                return i;
            }
        }
        throw new AssertionError("no column " + id);
    }
}
