package io.klarsyn.runner.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.klarsyn.api.result.Direction;
import io.klarsyn.api.result.Unit;
import io.klarsyn.api.server.Headline;

class HeadlineKpisTest {

    /**
     * demo-metrics.json is the demo client's metrics.json for 2026-11 as `klarsyn demo` wrote it
     * (trimmed to the headline results and the data-quality counts), with the headline ranks the
     * shipped metrics give.
     */
    @Test
    void theDemoReportsHeadlineNumbers() throws Exception {
        Path file = Path.of(getClass().getResource("/demo-metrics.json").toURI());
        HeadlineKpis.Reading reading = HeadlineKpis.read(file);
        Map<String, Double> kpis = reading.values();

        // the KPIs with a headline rank, by rank (customers.active 10, churn 20 and 30, CLV 40, NPS 50)
        assertThat(kpis.keySet()).containsExactly("customers.active", "churn.monthly.rate", "churn.12m.rate",
                "clv.predicted", "cx.nps", "rejectedShare");
        assertThat(kpis.get("customers.active")).isEqualTo(2206.0);
        assertThat(kpis.get("churn.monthly.rate")).isCloseTo(0.019056693663649357, within(1e-15));
        assertThat(kpis.get("cx.nps")).isCloseTo(7.725321888412017, within(1e-12));
        // the predicted CLV (BG/NBD + Gamma-Gamma), not the simple formula's 14590.72 (no headline rank)
        assertThat(kpis.get("clv.predicted")).isCloseTo(1874.5392857576744, within(1e-9));
        assertThat(kpis).doesNotContainKey("clv.simple");
        // 0 of 3000 + 27811 + 5760 records rejected
        assertThat(kpis.get("rejectedShare")).isZero();
    }

    /** A plugin's KPI with a rank is a headline like the shipped ones; ties go by section order. */
    @Test
    void anyMetricsHeadlinesByRankThenSectionOrder(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("metrics.json");
        java.nio.file.Files.writeString(file, """
                {"sections": {"a": {"order": 1000, "results": ["example.aov", "example.count"]},
                              "b": {"order": 100, "results": ["b.rate", "b.nothing"]}},
                 "metrics": {
                   "example.aov": {"type": "kpi", "titleKey": "aov", "title": "Gjennomsnittlig ordreverdi",
                                   "unit": "CURRENCY", "direction": "HIGHER_IS_BETTER", "value": 412.5, "headline": 15},
                   "example.count": {"type": "kpi", "value": 7, "headline": 20},
                   "b.rate": {"type": "kpi", "value": 0.25, "headline": 20},
                   "b.nothing": {"type": "kpi", "value": null, "headline": 5},
                   "b.plain": {"type": "kpi", "value": 3}},
                 "dataQuality": {"files": [{"read": 8, "rejected": 2}]}}
                """);
        HeadlineKpis.Reading reading = HeadlineKpis.read(file);
        Map<String, Double> kpis = reading.values();
        assertThat(kpis.keySet()).containsExactly("example.aov", "b.rate", "example.count", "rejectedShare");
        assertThat(kpis.get("example.aov")).isEqualTo(412.5);
        assertThat(kpis.get("rejectedShare")).isEqualTo(2.0 / 8);
        // what each headline is, for pages and mails that do not know the metric
        assertThat(reading.headlines()).containsExactly(
                new Headline("example.aov", 15, "a", "aov", "Gjennomsnittlig ordreverdi", Unit.CURRENCY,
                        Direction.HIGHER_IS_BETTER),
                new Headline("b.rate", 20, "b", null, "b.rate", Unit.NUMBER, Direction.NEUTRAL),
                new Headline("example.count", 20, "a", null, "example.count", Unit.NUMBER, Direction.NEUTRAL));
    }

    @Test
    void aMissingFileHasNoNumbers() throws Exception {
        assertThat(HeadlineKpis.read(Path.of("does-not-exist/metrics.json"))).isEqualTo(HeadlineKpis.Reading.NONE);
    }
}
