package io.klarsyn.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The manager's "vs previous month" for predicted CLV is the number last month's report printed: the
 * October report refits the models on the ledger as of 30 September, which must give what the September
 * report computed from the same files.
 */
class ComparisonIT {

    @TempDir
    Path tmp;

    @Test
    void predictedClvVersusPreviousMonthIsLastMonthsFigure() throws Exception {
        Path data = tmp.resolve("data");
        Dist.Run g = Dist.klarsyn(Dist.built(), tmp, "generate", "--customers", "3000", "--months", "24", "--seed", "5",
                "--end", "2026-10", "--out", data.toString());
        assertThat(g.exit()).as(g.out() + g.err()).isZero();
        JsonNode october = report(data, "2026-10");
        JsonNode september = report(data, "2026-09");
        JsonNode octoberLastYear = report(data, "2025-10");

        JsonNode now = october.get("metrics").get("clv.predicted");
        double sept = september.get("metrics").get("clv.predicted").get("value").asDouble();
        double lastYear = octoberLastYear.get("metrics").get("clv.predicted").get("value").asDouble();
        System.out.printf("predicted CLV: October %.4f, vs previous %.4f (September's report %.4f), vs last year %.4f"
                + " (October 2025's report %.4f)%n", now.get("value").asDouble(), now.get("previous").asDouble(), sept,
                now.get("lastYear").asDouble(), lastYear);
        // the two runs fit the same data from different starting points; Newton stops within 1e-3 standard
        // errors of the maximum, which moves a mean CLV by far less than 1e-6 of itself
        assertThat(now.get("previous").asDouble()).isCloseTo(sept, within(1e-6 * sept));
        assertThat(now.get("lastYear").asDouble()).isCloseTo(lastYear, within(1e-6 * lastYear));
        assertThat(now.get("value").asDouble()).isNotEqualTo(sept);
        // both comparisons refit the models on the ledger of their day (codes: docs/metrics-json.md)
        assertThat(now.get("previousBasis").asText()).isEqualTo("refitted");
        assertThat(now.get("lastYearBasis").asText()).isEqualTo("refitted");
        assertThat(now.get("previousCustomers").asInt()).isPositive();
        assertThat(now.get("lastYearCustomers").asInt()).isPositive();
    }

    private JsonNode report(Path data, String period) throws Exception {
        Path out = tmp.resolve("report-" + period);
        Dist.Run r = Dist.klarsyn(Dist.built(), tmp, "report", "--data", data.toString(), "--period", period,
                "--set", "clv.holdout.weeks=0", "--out", out.toString());
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        return new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
    }
}
