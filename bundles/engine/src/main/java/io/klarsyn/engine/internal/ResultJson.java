package io.klarsyn.engine.internal;

import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

import io.klarsyn.api.result.Categories;
import io.klarsyn.api.result.Curve;
import io.klarsyn.api.result.Distribution;
import io.klarsyn.api.result.Highlight;
import io.klarsyn.api.result.Kpi;
import io.klarsyn.api.result.Matrix;
import io.klarsyn.api.result.MetricResult;
import io.klarsyn.api.result.Note;
import io.klarsyn.api.result.Scatter;
import io.klarsyn.api.result.Table;
import io.klarsyn.api.result.TimeSeries;

/**
 * A result's typed fields in metrics.json (layout: docs/metrics-json.md): one view per result type. A type
 * without a view (added to the API after this engine) is written with its class name as its type, its title
 * key and its facts, never dropped.
 */
final class ResultJson {

    private static final Map<Class<? extends MetricResult>, BiConsumer<MetricResult, Map<String, Object>>> VIEWS =
            new LinkedHashMap<>();

    static {
        view(Kpi.class, (k, fields) -> {
            fields.put("type", "kpi");
            fields.put("titleKey", k.titleKey());
            fields.put("value", k.value());
            fields.put("unit", k.unit());
            fields.put("direction", k.direction());
            fields.put("previous", k.previous());
            fields.put("lastYear", k.lastYear());
            if (k.headline() != null) {
                fields.put("headline", k.headline());
            }
        });
        view(TimeSeries.class, (ts, fields) -> {
            fields.put("type", "timeseries");
            fields.put("titleKey", ts.titleKey());
            fields.put("unit", ts.unit());
            fields.put("months", ts.months().stream().map(YearMonth::toString).toList());
            List<Map<String, Object>> series = ts.series().stream().map(s -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", s.nameKey());
                m.put("values", s.values());
                m.put("lower", s.lower());
                m.put("upper", s.upper());
                return m;
            }).toList();
            fields.put("series", series);
        });
        view(Curve.class, (cv, fields) -> {
            fields.put("type", "curve");
            fields.put("titleKey", cv.titleKey());
            fields.put("xLabelKey", cv.xLabelKey());
            fields.put("xUnit", cv.xUnit());
            fields.put("yLabelKey", cv.yLabelKey());
            fields.put("yUnit", cv.yUnit());
            fields.put("step", cv.step());
            fields.put("series", cv.series().stream().map(l -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", l.nameKey());
                m.put("x", l.x());
                m.put("y", l.y());
                m.put("lower", l.lower());
                m.put("upper", l.upper());
                return m;
            }).toList());
        });
        view(Categories.class, (cat, fields) -> {
            fields.put("type", "categories");
            fields.put("titleKey", cat.titleKey());
            fields.put("unit", cat.unit());
            fields.put("categories", cat.categories());
            fields.put("stacked", cat.stacked());
            fields.put("series", cat.series().stream().map(s -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", s.nameKey());
                m.put("values", s.values());
                return m;
            }).toList());
        });
        view(Table.class, (t, fields) -> {
            fields.put("type", "table");
            fields.put("titleKey", t.titleKey());
            fields.put("columns", t.columns().stream().map(c -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", c.id());
                m.put("labelKey", c.labelKey());
                m.put("unit", c.unit());
                return m;
            }).toList());
            fields.put("rows", t.rows().stream().map(row -> {
                Map<String, Object> m = new LinkedHashMap<>();
                for (int i = 0; i < t.columns().size(); i++) {
                    m.put(t.columns().get(i).id(), row.get(i));
                }
                return m;
            }).toList());
        });
        view(Distribution.class, (d, fields) -> {
            fields.put("type", "distribution");
            fields.put("titleKey", d.titleKey());
            fields.put("unit", d.unit());
            fields.put("edges", d.edges());
            fields.put("counts", d.counts());
        });
        view(Matrix.class, (mx, fields) -> {
            fields.put("type", "matrix");
            fields.put("titleKey", mx.titleKey());
            fields.put("unit", mx.unit());
            fields.put("rowLabels", mx.rowLabels());
            fields.put("columnLabels", mx.columnLabels());
            fields.put("values", mx.values());
        });
        view(Scatter.class, (sc, fields) -> {
            fields.put("type", "scatter");
            fields.put("titleKey", sc.titleKey());
            fields.put("xLabelKey", sc.xLabelKey());
            fields.put("xUnit", sc.xUnit());
            fields.put("yLabelKey", sc.yLabelKey());
            fields.put("yUnit", sc.yUnit());
            fields.put("points", sc.points().stream().map(p -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("label", p.label());
                m.put("x", p.x());
                m.put("y", p.y());
                m.put("group", p.group());
                return m;
            }).toList());
            fields.put("xSplit", sc.xSplit());
            fields.put("ySplit", sc.ySplit());
            fields.put("quadrantKeys", sc.quadrantKeys());
        });
        view(Note.class, (n, fields) -> {
            fields.put("type", "note");
            fields.put("severity", n.severity());
            fields.put("messageKey", n.messageKey());
            fields.put("args", n.args());
        });
        view(Highlight.class, (h, fields) -> {
            fields.put("type", "highlight");
            fields.put("rank", h.rank());
            fields.put("messageKey", h.messageKey());
            fields.put("args", h.args());
        });
    }

    private ResultJson() {
    }

    private static <T extends MetricResult> void view(Class<T> type, BiConsumer<T, Map<String, Object>> view) {
        VIEWS.put(type, (r, fields) -> view.accept(type.cast(r), fields));
    }

    /** @return the result's typed fields in metrics.json order, {@code type} first */
    static Map<String, Object> fields(MetricResult r) {
        Map<String, Object> fields = new LinkedHashMap<>();
        BiConsumer<MetricResult, Map<String, Object>> view = VIEWS.get(r.getClass());
        if (view != null) {
            view.accept(r, fields);
        } else {
            fields.put("type", r.getClass().getSimpleName().toLowerCase(Locale.ROOT));
            fields.put("titleKey", r.titleKey());
        }
        return fields;
    }
}
