package io.klarsyn.engine.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.TemporalAccessor;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import io.klarsyn.api.report.DataQuality;
import io.klarsyn.api.report.FileQuality;
import io.klarsyn.api.report.Finding;
import io.klarsyn.api.report.Messages;
import io.klarsyn.api.report.ReportSection;
import io.klarsyn.api.result.MetricResult;
import io.klarsyn.api.result.Quantity;
import io.klarsyn.api.run.RunStatus;

/** Writes metrics.json (layout: docs/metrics-json.md). NaN and infinities become {@code null}. */
final class MetricsJsonWriter {

    /** Everything metrics.json holds about one run. */
    record Content(String job, YearMonth period, LocalDate asOf, RunStatus status, String locale, String currency,
            String generatedAt, List<String> messages, Map<String, Long> stageMillis,
            Map<String, Long> calculatorMillis, DataQuality dataQuality, List<ReportSection> sections,
            Map<String, String> settings, Messages texts) {
    }

    private static final JsonFactory FACTORY = new JsonFactory();

    private MetricsJsonWriter() {
    }

    static void write(Content c, Path file, RunLog log) throws IOException {
        AtomicFiles.write(file, out -> {
            try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
                g.useDefaultPrettyPrinter();
                write(c, g, log);
            }
        });
    }

    static void write(Content c, JsonGenerator g, RunLog log) throws IOException {
        g.writeStartObject();
        g.writeStringField("job", c.job());
        g.writeStringField("period", c.period().toString());
        g.writeStringField("asOf", c.asOf().toString());
        g.writeStringField("status", c.status().name());
        g.writeStringField("locale", c.locale());
        g.writeStringField("currency", c.currency());
        g.writeStringField("generatedAt", c.generatedAt());
        g.writeArrayFieldStart("messages");
        for (String m : c.messages()) {
            g.writeString(m);
        }
        g.writeEndArray();

        g.writeObjectFieldStart("timings");
        for (Map.Entry<String, Long> e : c.stageMillis().entrySet()) {
            g.writeNumberField(e.getKey(), e.getValue());
        }
        g.writeObjectFieldStart("calculators");
        for (Map.Entry<String, Long> e : c.calculatorMillis().entrySet()) {
            g.writeNumberField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
        g.writeEndObject();

        writeDataQuality(c.dataQuality(), g);

        g.writeObjectFieldStart("sections");
        for (ReportSection s : c.sections()) {
            g.writeObjectFieldStart(s.metricId());
            g.writeStringField("status", s.status().name());
            g.writeStringField("reason", s.reason());
            g.writeNumberField("millis", s.millis());
            g.writeNumberField("order", s.order());
            g.writeStringField("titleKey", s.titleKey());
            g.writeArrayFieldStart("results");
            for (MetricResult r : s.results()) {
                g.writeString(r.id());
            }
            g.writeEndArray();
            g.writeArrayFieldStart("warnings");
            for (String w : s.warnings()) {
                g.writeString(w);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndObject();

        g.writeObjectFieldStart("metrics");
        for (ReportSection s : c.sections()) {
            for (MetricResult r : s.results()) {
                g.writeFieldName(r.id());
                writeResult(r, s.metricId(), c.texts(), g, log);
            }
        }
        g.writeEndObject();

        g.writeObjectFieldStart("settings");
        for (Map.Entry<String, String> e : new TreeMap<>(c.settings()).entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void writeDataQuality(DataQuality dq, JsonGenerator g) throws IOException {
        g.writeObjectFieldStart("dataQuality");
        g.writeObjectFieldStart("files");
        for (FileQuality f : dq.files().values()) {
            g.writeObjectFieldStart(f.file());
            g.writeNumberField("read", f.read());
            g.writeNumberField("accepted", f.accepted());
            g.writeNumberField("rejected", f.rejected());
            g.writeNumberField("afterPeriod", f.afterPeriod());
            writeCounts("rejectedByReason", f.rejectedByReason(), g);
            writeCounts("warningsByReason", f.warningsByReason(), g);
            g.writeArrayFieldStart("findings");
            for (Finding x : f.findings()) {
                g.writeStartObject();
                g.writeNumberField("line", x.line());
                g.writeStringField("column", x.column());
                g.writeStringField("reason", x.reason());
                g.writeStringField("detail", x.detail());
                g.writeBooleanField("rejected", x.rejected());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeObjectFieldStart("completeness");
            for (Map.Entry<String, Double> e : new TreeMap<>(f.completeness()).entrySet()) {
                g.writeFieldName(e.getKey());
                number(e.getValue(), g);
            }
            g.writeEndObject();
            g.writeStringField("latest", f.latest() == null ? null : f.latest().toString());
            if (f.freshnessDays() == null) {
                g.writeNullField("freshnessDays");
            } else {
                g.writeNumberField("freshnessDays", f.freshnessDays());
            }
            g.writeStringField("details", f.details());
            g.writeEndObject();
        }
        g.writeEndObject();
        g.writeObjectFieldStart("totals");
        DataQuality.Totals t = dq.totals();
        g.writeNumberField("customers", t.customers());
        g.writeNumberField("transactions", t.transactions());
        g.writeFieldName("revenue");
        number(t.revenue(), g);
        g.writeNumberField("responses", t.responses());
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void writeCounts(String name, Map<String, Long> counts, JsonGenerator g) throws IOException {
        g.writeObjectFieldStart(name);
        for (Map.Entry<String, Long> e : new TreeMap<>(counts).entrySet()) {
            g.writeNumberField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }

    static void writeResult(MetricResult r, JsonGenerator g, RunLog log) throws IOException {
        writeResult(r, null, null, g, log);
    }

    /**
     * @param scope the contributing metric's id, whose texts translate the result's title key
     * @param texts the run's texts in the report's language, or {@code null} to write no {@code title}
     */
    static void writeResult(MetricResult r, String scope, Messages texts, JsonGenerator g, RunLog log)
            throws IOException {
        Map<String, Object> fields = ResultJson.fields(r);
        if (texts != null && fields.get("titleKey") instanceof String key) {
            String title = texts.find(scope, key);
            if (title != null) {
                fields.put("title", title);
            }
        }
        Set<String> typed = Set.copyOf(fields.keySet());
        for (Map.Entry<String, Object> e : r.facts().entrySet()) {
            String key = e.getKey();
            if (typed.contains(key)) {
                String renamed = "fact." + key;
                if (log != null) {
                    log.warn("metrics.json", r.id() + ": fact '" + key + "' has the name of a field; written as '"
                            + renamed + "'");
                }
                key = renamed;
            }
            fields.put(key, e.getValue());
        }
        value(fields, g);
    }

    private static void number(double d, JsonGenerator g) throws IOException {
        if (Double.isFinite(d)) {
            g.writeNumber(d);
        } else {
            g.writeNull();
        }
    }

    static void value(Object v, JsonGenerator g) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof Double d) {
            number(d, g);
        } else if (v instanceof Float f) {
            number(f, g);
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof java.math.BigDecimal bd) {
            g.writeNumber(bd);
        } else if (v instanceof java.math.BigInteger bi) {
            g.writeNumber(bi);
        } else if (v instanceof Number n) {
            number(n.doubleValue(), g);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof CharSequence s) {
            g.writeString(s.toString());
        } else if (v instanceof Enum<?> e) {
            g.writeString(e.name());
        } else if (v instanceof TemporalAccessor) {
            g.writeString(v.toString());
        } else if (v instanceof Quantity q) {
            g.writeStartObject();
            g.writeFieldName("value");
            value(q.value(), g);
            g.writeStringField("unit", q.unit().name());
            g.writeEndObject();
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                value(e.getValue(), g);
            }
            g.writeEndObject();
        } else if (v instanceof Collection<?> c) {
            g.writeStartArray();
            for (Object o : c) {
                value(o, g);
            }
            g.writeEndArray();
        } else if (v instanceof double[] a) {
            g.writeStartArray();
            for (double d : a) {
                number(d, g);
            }
            g.writeEndArray();
        } else if (v instanceof float[] a) {
            g.writeStartArray();
            for (float d : a) {
                number(d, g);
            }
            g.writeEndArray();
        } else if (v instanceof long[] a) {
            g.writeStartArray();
            for (long d : a) {
                g.writeNumber(d);
            }
            g.writeEndArray();
        } else if (v instanceof int[] a) {
            g.writeStartArray();
            for (int d : a) {
                g.writeNumber(d);
            }
            g.writeEndArray();
        } else if (v instanceof boolean[] a) {
            g.writeStartArray();
            for (boolean d : a) {
                g.writeBoolean(d);
            }
            g.writeEndArray();
        } else if (v instanceof Object[] a) {
            g.writeStartArray();
            for (Object o : a) {
                value(o, g);
            }
            g.writeEndArray();
        } else {
            g.writeString(v.toString());
        }
    }
}
