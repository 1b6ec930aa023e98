package io.klarsyn.runner.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

class HeadlineKpisTest {

    /**
     * demo-metrics.json is the demo client's metrics.json for 2026-11 as `klarsyn demo` wrote it
     * (trimmed to the headline results and the data-quality counts).
     */
    @Test
    void theDemoReportsHeadlineNumbers() throws Exception {
        Path file = Path.of(getClass().getResource("/demo-metrics.json").toURI());
        Map<String, Double> kpis = HeadlineKpis.read(file);

        assertThat(kpis.keySet()).containsExactly("activeCustomers", "monthlyChurn", "nps", "clv", "rejectedShare");
        assertThat(kpis.get("activeCustomers")).isEqualTo(2206.0);
        assertThat(kpis.get("monthlyChurn")).isCloseTo(0.019056693663649357, within(1e-15));
        assertThat(kpis.get("nps")).isCloseTo(7.725321888412017, within(1e-12));
        // the predicted CLV (BG/NBD + Gamma-Gamma), not the simple formula's 14590.72
        assertThat(kpis.get("clv")).isCloseTo(1874.5392857576744, within(1e-9));
        // 0 of 3000 + 27811 + 5760 records rejected
        assertThat(kpis.get("rejectedShare")).isZero();
    }

    @Test
    void aMissingFileHasNoNumbers() throws Exception {
        assertThat(HeadlineKpis.read(Path.of("does-not-exist/metrics.json"))).isEmpty();
    }
}
