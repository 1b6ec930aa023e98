package io.klarsyn.engine.internal;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import io.klarsyn.api.metric.MetricCalculator;
import io.klarsyn.api.plugin.PluginDescription;
import io.klarsyn.api.metric.MetricContext;
import io.klarsyn.api.model.DataKind;
import io.klarsyn.api.report.ReportModel;
import io.klarsyn.api.report.ReportRenderer;
import io.klarsyn.api.result.MetricResult;
import io.klarsyn.api.run.JobSpec;
import io.klarsyn.api.settings.SettingDescriptor;

/** Fake calculators, renderers and jobs for the engine's tests. */
final class Fakes {

    private Fakes() {
    }

    interface Compute {
        List<MetricResult> compute(MetricContext ctx) throws Exception;
    }

    /** The ids of fakes that cannot carry {@code @Plugin} (anonymous classes), as DS would give them. */
    private static final Map<Object, String> IDS = java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());

    static <T> T named(String id, T plugin) {
        IDS.put(plugin, id);
        return plugin;
    }

    static String idOf(Object plugin) {
        return IDS.get(plugin);
    }

    /** Adds a fake as its bundle's DS component would: described by its {@code @Plugin}, or by the id it was named with. */
    static void add(KlarsynReportEngine engine, Object plugin, String bundle, String version) {
        PluginDescription d = PluginDescription.of(plugin.getClass(), version);
        engine.add(plugin, d != null ? d : new PluginDescription(IDS.get(plugin), null, version), bundle);
    }

    static JobSpec job(Map<String, String> settings) {
        return new JobSpec("test-job", "fake", Locale.ENGLISH, "NOK", ZoneId.of("Europe/Oslo"), null, settings);
    }

    static MetricCalculator calculator(String id, Set<DataKind> inputs, int order, Compute compute,
            SettingDescriptor... settings) {
        return named(id, new MetricCalculator() {

            @Override
            public Set<DataKind> inputs() {
                return inputs;
            }

            @Override
            public int order() {
                return order;
            }

            @Override
            public List<SettingDescriptor> settings() {
                return List.of(settings);
            }

            @Override
            public List<MetricResult> compute(MetricContext context) throws Exception {
                return compute.compute(context);
            }
        });
    }

    /** A renderer that remembers the model and returns a few bytes. */
    @io.klarsyn.api.plugin.Plugin(id = "fake-pdf", title = "Fake renderer")
    static final class Renderer implements ReportRenderer {
        final AtomicReference<ReportModel> model = new AtomicReference<>();
        RuntimeException failure;

        @Override
        public String format() {
            return "application/pdf";
        }

        @Override
        public String fileName() {
            return "report.pdf";
        }

        @Override
        public byte[] render(ReportModel m) {
            model.set(m);
            if (failure != null) {
                throw failure;
            }
            return ("%PDF-fake " + m.sections().size()).getBytes(StandardCharsets.US_ASCII);
        }
    }
}
