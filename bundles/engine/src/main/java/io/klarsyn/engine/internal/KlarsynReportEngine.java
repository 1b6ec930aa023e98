package io.klarsyn.engine.internal;

import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.logging.Logger;

import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.klarsyn.api.connector.DataConnector;
import io.klarsyn.api.server.ConnectorConfigurations;
import io.klarsyn.api.metric.MetricCalculator;
import io.klarsyn.api.plugin.Plugin;
import io.klarsyn.api.plugin.PluginDescription;
import io.klarsyn.api.model.DataKind;
import io.klarsyn.api.report.Messages;
import io.klarsyn.api.report.ReportRenderer;
import io.klarsyn.api.report.Translations;
import io.klarsyn.api.run.JobSpec;
import io.klarsyn.api.run.PluginInfo;
import io.klarsyn.api.run.ProgressListener;
import io.klarsyn.api.run.ReportEngine;
import io.klarsyn.api.run.RunResult;
import io.klarsyn.api.settings.SettingDescriptor;

/**
 * The {@link ReportEngine} service: tracks connectors, metrics and renderers as they come and go
 * (whiteboard), and runs each job over a snapshot of them.
 */
@Component(immediate = true, service = {ReportEngine.class, Translations.class})
public class KlarsynReportEngine implements ReportEngine, Translations {

    private static final Logger LOG = Logger.getLogger(KlarsynReportEngine.class.getName());

    private final PluginRegistry registry = new PluginRegistry();
    /** The settings already named by {@link #warnUnknownTypes}: a connector configured per job warns once, not per job. */
    private final Set<String> warnedTypes = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Components that failed to activate: a metric plugin whose activation threw is reported as a failed section. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = org.osgi.service.component.annotations.ReferencePolicyOption.GREEDY)
    private volatile org.osgi.service.component.runtime.ServiceComponentRuntime scr;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            service = DataConnector.class)
    void bindConnector(DataConnector connector, ServiceReference<DataConnector> ref) {
        PluginRegistry.Entry<DataConnector> e = entry(connector, ref);
        warnUnknownTypes(e.id(), e.bundle(), connector::settings);
        registry.addConnector(e);
    }

    void unbindConnector(DataConnector connector) {
        registry.removeConnector(connector);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            service = MetricCalculator.class)
    void bindCalculator(MetricCalculator calculator, ServiceReference<MetricCalculator> ref) {
        PluginRegistry.Entry<MetricCalculator> e = entry(calculator, ref);
        warnUnknownTypes(e.id(), e.bundle(), calculator::settings);
        registry.addCalculator(e);
    }

    void unbindCalculator(MetricCalculator calculator) {
        registry.removeCalculator(calculator);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            service = ReportRenderer.class)
    void bindRenderer(ReportRenderer renderer, ServiceReference<ReportRenderer> ref) {
        registry.addRenderer(entry(renderer, ref));
    }

    void unbindRenderer(ReportRenderer renderer) {
        registry.removeRenderer(renderer);
    }

    private static <T> PluginRegistry.Entry<T> entry(T service, ServiceReference<T> ref) {
        Bundle b = ref.getBundle();
        String version = b == null ? "?" : b.getVersion().toString();
        Map<String, Object> properties = new HashMap<>();
        for (String key : ref.getPropertyKeys()) {
            properties.put(key, ref.getProperty(key));
        }
        PluginDescription d = PluginDescription.of(properties, version);
        if (d == null) {
            d = new PluginDescription(service.getClass().getName(), null, version);
            LOG.warning(service.getClass().getName() + " (bundle " + (b == null ? "?" : b.getSymbolicName())
                    + ") has no " + Plugin.ID + " (@Plugin): it is known by its class name");
        }
        Object sid = ref.getProperty(Constants.SERVICE_ID);
        Object rank = ref.getProperty(Constants.SERVICE_RANKING);
        Object job = ref.getProperty(ConnectorConfigurations.JOB);
        return new PluginRegistry.Entry<>(service, b == null ? "?" : b.getSymbolicName(), d,
                sid instanceof Long l ? l : 0L, rank instanceof Integer i ? i : 0, job instanceof String j ? j : null);
    }

    /**
     * Says once in the server's log when a plugin declares a setting of a type the engine does not know
     * ({@link SettingDescriptor#knownType()}): the engine would take its values as strings, unchecked, and a
     * job's "lots" for a number would reach the plugin.
     */
    private void warnUnknownTypes(String plugin, String bundle, java.util.function.Supplier<List<SettingDescriptor>> settings) {
        List<SettingDescriptor> declared;
        try {
            declared = settings.get();
        } catch (RuntimeException e) {
            return;
        }
        for (String warning : unknownTypes(plugin, bundle, declared == null ? List.of() : declared)) {
            if (warnedTypes.add(warning)) {
                LOG.warning(warning);
            }
        }
    }

    /** @return one sentence per setting of {@code declared} whose type the engine does not know */
    static List<String> unknownTypes(String plugin, String bundle, List<SettingDescriptor> declared) {
        List<String> out = new ArrayList<>();
        for (SettingDescriptor d : declared) {
            if (d != null && !d.knownType()) {
                out.add("plugin " + plugin + " (bundle " + bundle + ") declares setting '" + d.name() + "' of type '"
                        + d.type() + "', which the engine does not know (it knows "
                        + String.join(", ", new java.util.TreeSet<>(SettingDescriptor.TYPES))
                        + ", enum:a|b|c): its values are taken as text, unchecked");
            }
        }
        return out;
    }

    /**
     * For tests, benchmarks and embedders without a framework: adds a plugin as if bundle {@code bundle}
     * had registered it, described by its class's {@link Plugin @Plugin}. Under OSGi, DS does this.
     *
     * @throws IllegalArgumentException when the plugin's class has no {@code @Plugin}
     */
    public void add(Object plugin, String bundle, String version) {
        PluginDescription d = PluginDescription.of(plugin.getClass(), version);
        if (d == null) {
            throw new IllegalArgumentException(plugin.getClass().getName() + " has no @Plugin annotation: "
                    + "add it, or pass its description");
        }
        add(plugin, d, bundle);
    }

    /** As {@link #add(Object, String, String)}, for a plugin whose description is given (one without {@code @Plugin}). */
    public void add(Object plugin, PluginDescription description, String bundle) {
        if (plugin instanceof DataConnector c) {
            warnUnknownTypes(description.id(), bundle, c::settings);
            registry.addConnector(new PluginRegistry.Entry<>(c, bundle, description, 0, 0));
        }
        if (plugin instanceof MetricCalculator m) {
            warnUnknownTypes(description.id(), bundle, m::settings);
            registry.addCalculator(new PluginRegistry.Entry<>(m, bundle, description, 0, 0));
        }
        if (plugin instanceof ReportRenderer r) {
            registry.addRenderer(new PluginRegistry.Entry<>(r, bundle, description, 0, 0));
        }
    }

    /** For tests: removes a plugin as if its bundle had stopped. */
    public void remove(Object plugin) {
        if (plugin instanceof DataConnector c) {
            registry.removeConnector(c);
        }
        if (plugin instanceof MetricCalculator m) {
            registry.removeCalculator(m);
        }
        if (plugin instanceof ReportRenderer r) {
            registry.removeRenderer(r);
        }
    }

    @Override
    public RunResult run(JobSpec job, YearMonth period, Path outDir, ProgressListener progress) {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(outDir, "outDir");
        return new ReportRunner(job, period, outDir, progress, registry.snapshot()).withBroken(brokenMetrics()).run();
    }

    /** @return the metric components whose activation threw, by their plugin id, with the reason */
    private List<ReportRunner.Broken> brokenMetrics() {
        org.osgi.service.component.runtime.ServiceComponentRuntime runtime = scr;
        List<ReportRunner.Broken> broken = new ArrayList<>();
        if (runtime == null) {
            return broken;
        }
        try {
            for (var d : runtime.getComponentDescriptionDTOs()) {
                if (d.serviceInterfaces == null || !List.of(d.serviceInterfaces).contains(MetricCalculator.class.getName())) {
                    continue;
                }
                for (var c : runtime.getComponentConfigurationDTOs(d)) {
                    if (c.state == org.osgi.service.component.runtime.dto.ComponentConfigurationDTO.FAILED_ACTIVATION) {
                        Object id = d.properties.get(Plugin.ID);
                        String failure = c.failure == null ? "" : c.failure.lines().findFirst().orElse("").strip();
                        broken.add(new ReportRunner.Broken(id == null ? d.name : id.toString(),
                                d.bundle.symbolicName + " " + d.bundle.version, failure));
                    }
                }
            }
        } catch (RuntimeException | LinkageError e) {
            LOG.warning("the failed metric plugins could not be listed: " + e);
        }
        return broken;
    }

    @Override
    public void check(JobSpec job) {
        Objects.requireNonNull(job, "job");
        new ReportRunner(job, YearMonth.now(job.zone()), Path.of("."), ProgressListener.NONE, registry.snapshot()).validate();
    }

    @Override
    public List<PluginInfo> plugins() {
        PluginRegistry.Snapshot s = registry.snapshot();
        List<PluginInfo> out = new ArrayList<>();
        Set<String> connectors = new java.util.HashSet<>();
        for (PluginRegistry.Entry<DataConnector> e : s.connectors()) {
            // a connector configured per job has an instance per job: one plugin
            if (connectors.add(e.id())) {
                out.add(new PluginInfo("connector", e.id(), e.description().title(), e.bundle(), e.version(), List.of()));
            }
        }
        for (PluginRegistry.Entry<MetricCalculator> e : s.calculators()) {
            List<String> inputs = new ArrayList<>();
            try {
                Set<DataKind> kinds = e.service().inputs();
                if (kinds != null) {
                    kinds.stream().sorted().forEach(k -> inputs.add(k.fileName()));
                }
            } catch (RuntimeException x) {
                inputs.add("?");
            }
            out.add(new PluginInfo("metric", e.id(), e.description().title(), e.bundle(), e.version(), inputs));
        }
        for (PluginRegistry.Entry<ReportRenderer> e : s.renderers()) {
            out.add(new PluginInfo("renderer", e.id(), e.description().title() + " (" + safe(() -> e.service().format())
                    + ")", e.bundle(), e.version(), List.of()));
        }
        return out;
    }

    /** Counts the plugins that came and went; the {@link Translations} this engine provides change with them too. */
    @Override
    public long changes() {
        return registry.changes();
    }

    @Override
    public Messages in(Locale locale) {
        Objects.requireNonNull(locale, "locale");
        Map<String, ResourceBundle> bundles = new LinkedHashMap<>();
        for (PluginRegistry.Entry<MetricCalculator> e : registry.snapshot().calculators()) {
            try {
                ResourceBundle b = e.service().messages(locale);
                if (b != null) {
                    bundles.putIfAbsent(e.id(), b);
                }
            } catch (RuntimeException x) {
                // a metric whose texts cannot load is named by its keys, as in a report
            }
        }
        try {
            bundles.put(Messages.ENGINE, MergedMessages.engineTexts(locale));
        } catch (java.util.MissingResourceException x) {
            // the engine's own texts are part of this bundle; without them only the metrics' remain
        }
        return new MergedMessages(bundles);
    }

    private static String safe(java.util.function.Supplier<String> s) {
        try {
            return s.get();
        } catch (RuntimeException e) {
            return "?";
        }
    }

    @Override
    public List<SettingDescriptor> settings() {
        return List.copyOf(ReportRunner.descriptors(registry.snapshot()));
    }
}
