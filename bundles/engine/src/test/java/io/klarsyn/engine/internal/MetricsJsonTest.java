package io.klarsyn.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.klarsyn.api.model.DataKind;
import io.klarsyn.api.result.Categories;
import io.klarsyn.api.result.Curve;
import io.klarsyn.api.result.Direction;
import io.klarsyn.api.result.Distribution;
import io.klarsyn.api.result.Facts;
import io.klarsyn.api.result.Kpi;
import io.klarsyn.api.result.Matrix;
import io.klarsyn.api.result.Note;
import io.klarsyn.api.result.Scatter;
import io.klarsyn.api.result.Table;
import io.klarsyn.api.result.TimeSeries;
import io.klarsyn.api.result.Unit;
import io.klarsyn.api.run.ProgressListener;
import io.klarsyn.api.run.RunResult;

/** metrics.json as docs/metrics-json.md describes it, parsed back with Jackson. */
class MetricsJsonTest {

    @TempDir
    Path out;

    @Test
    void everyResultTypeHasItsDocumentedShape() throws IOException {
        KlarsynReportEngine engine = new KlarsynReportEngine();
        Fakes.add(engine, new FakeConnector().customer("A", "2024-01-01").tx("A", "2024-05-01", 10), "c", "1");
        Fakes.add(engine, new Fakes.Renderer(), "r", "1");
        Fakes.add(engine, Fakes.calculator("all", EnumSet.of(DataKind.TRANSACTIONS), 100, ctx -> List.of(
                new Kpi("all.kpi", "all.kpi.title", 0.2658, Unit.FRACTION, Direction.LOWER_IS_BETTER, 0.3, null,
                        Facts.of("lost", 12, "activeAtStart", 45L, "unit", "clash", "ratio", Double.NaN)),
                new TimeSeries("all.ts", null, Unit.COUNT, List.of(YearMonth.of(2024, 4), YearMonth.of(2024, 5)),
                        List.of(TimeSeries.Series.of("this year", new double[] {1, Double.NaN})), Map.of()),
                new Curve("all.curve", null, "x", Unit.MONTHS, "y", Unit.FRACTION, true,
                        List.of(new Curve.Line("km", new double[] {0, 1}, new double[] {1, 0.9},
                                new double[] {1, 0.85}, new double[] {1, Double.POSITIVE_INFINITY})), Map.of()),
                new Categories("all.cat", null, Unit.FRACTION, List.of("privat", "bedrift"),
                        List.of(new Categories.Series("rate", new double[] {0.1, 0.2})), false, Map.of()),
                new Table("all.table", null,
                        List.of(new Table.Column("segment", null, Unit.TEXT), new Table.Column("rate", "r", Unit.FRACTION)),
                        List.of(Arrays.asList("privat", 0.1), Arrays.asList("bedrift", null)), Facts.of("n", 2)),
                new Distribution("all.dist", null, Unit.CURRENCY, new double[] {0, 10, 20}, new long[] {3, 4}, Map.of()),
                new Matrix("all.matrix", null, List.of("2024-01"), List.of("0", "1"), new double[][] {{1, Double.NaN}},
                        Unit.FRACTION, Map.of()),
                new Scatter("all.ipa", null, "imp", Unit.FRACTION, "perf", Unit.SCORE,
                        List.of(new Scatter.Point("trust", 0.3, 7.5, "maintain")), 0.166, 7.0,
                        List.of("a", "b", "c", "d"), Map.of()),
                new Note("all.note", Note.Severity.WARNING, "all.note.few", List.of(12, "plan"), Map.of())),
                new io.klarsyn.api.settings.SettingDescriptor[0]), "m", "1");
        RunResult r = engine.run(Fakes.job(Map.of()), YearMonth.of(2024, 5), out, ProgressListener.NONE);
        JsonNode m = new ObjectMapper().readTree(r.metricsJson().toFile()).get("metrics");

        assertThat(m.fieldNames()).toIterable().containsExactly("all.kpi", "all.ts", "all.curve", "all.cat",
                "all.table", "all.dist", "all.matrix", "all.ipa", "all.note");
        JsonNode kpi = m.get("all.kpi");
        assertThat(kpi.get("type").asText()).isEqualTo("kpi");
        assertThat(kpi.get("value").asDouble()).isEqualTo(0.2658);
        assertThat(kpi.get("unit").asText()).isEqualTo("FRACTION");
        assertThat(kpi.get("direction").asText()).isEqualTo("LOWER_IS_BETTER");
        assertThat(kpi.get("previous").asDouble()).isEqualTo(0.3);
        assertThat(kpi.get("lastYear").isNull()).isTrue();
        assertThat(kpi.get("lost").asInt()).isEqualTo(12);
        assertThat(kpi.get("activeAtStart").asLong()).isEqualTo(45);
        assertThat(kpi.get("ratio").isNull()).isTrue();
        assertThat(kpi.get("fact.unit").asText()).isEqualTo("clash");

        JsonNode ts = m.get("all.ts");
        assertThat(ts.get("type").asText()).isEqualTo("timeseries");
        assertThat(ts.get("months").toString()).isEqualTo("[\"2024-04\",\"2024-05\"]");
        assertThat(ts.at("/series/0/name").asText()).isEqualTo("this year");
        assertThat(ts.at("/series/0/values").toString()).isEqualTo("[1.0,null]");

        JsonNode curve = m.get("all.curve");
        assertThat(curve.get("type").asText()).isEqualTo("curve");
        assertThat(curve.get("step").asBoolean()).isTrue();
        assertThat(curve.at("/series/0/upper").toString()).isEqualTo("[1.0,null]");

        assertThat(m.at("/all.cat/type").asText()).isEqualTo("categories");
        assertThat(m.at("/all.cat/categories/1").asText()).isEqualTo("bedrift");
        assertThat(m.at("/all.cat/series/0/values/1").asDouble()).isEqualTo(0.2);

        JsonNode table = m.get("all.table");
        assertThat(table.get("type").asText()).isEqualTo("table");
        assertThat(table.at("/rows/0/segment").asText()).isEqualTo("privat");
        assertThat(table.at("/rows/0/rate").asDouble()).isEqualTo(0.1);
        assertThat(table.at("/rows/1/rate").isNull()).isTrue();
        assertThat(table.at("/columns/1/labelKey").asText()).isEqualTo("r");
        assertThat(table.get("n").asInt()).isEqualTo(2);

        assertThat(m.at("/all.dist/type").asText()).isEqualTo("distribution");
        assertThat(m.at("/all.dist/edges").toString()).isEqualTo("[0.0,10.0,20.0]");
        assertThat(m.at("/all.dist/counts").toString()).isEqualTo("[3,4]");
        assertThat(m.at("/all.matrix/type").asText()).isEqualTo("matrix");
        assertThat(m.at("/all.matrix/values").toString()).isEqualTo("[[1.0,null]]");
        assertThat(m.at("/all.ipa/type").asText()).isEqualTo("scatter");
        assertThat(m.at("/all.ipa/points/0/label").asText()).isEqualTo("trust");
        assertThat(m.at("/all.ipa/quadrantKeys").size()).isEqualTo(4);
        assertThat(m.at("/all.ipa/xSplit").asDouble()).isEqualTo(0.166);
        assertThat(m.at("/all.note/type").asText()).isEqualTo("note");
        assertThat(m.at("/all.note/severity").asText()).isEqualTo("WARNING");
        assertThat(m.at("/all.note/args").toString()).isEqualTo("[12,\"plan\"]");
    }
}
