package io.klarsyn.webui.internal;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import io.klarsyn.api.run.JobSpec;
import io.klarsyn.api.run.PluginInfo;
import io.klarsyn.api.delivery.Deliveries;
import io.klarsyn.api.report.Translations;
import io.klarsyn.api.run.ReportEngine;
import io.klarsyn.api.security.Authorization;
import io.klarsyn.api.server.ConnectorConfigurations;
import io.klarsyn.api.server.JobFiles;
import io.klarsyn.api.server.JobRegistry;
import io.klarsyn.api.server.JobScheduler;
import io.klarsyn.api.server.PluginHealth;
import io.klarsyn.api.server.PluginManager;
import io.klarsyn.api.server.RunQueue;
import io.klarsyn.api.server.RunStore;
import io.klarsyn.api.server.ServerHome;
import io.klarsyn.api.settings.SettingDescriptor;

/**
 * The server's services the pages read, through their API types only.
 *
 * @param files the job-file reader the server's jobs folder is read with (the editor checks with it)
 * @param engine the report engine now, if one is installed: its plugins and settings
 * @param bundles the framework's bundles now
 * @param problems what does not work now, with the reason (none while no {@link PluginHealth} is there)
 * @param version Klarsyn's version
 * @param deliveries the delivery service now, if one is installed
 * @param authorization the security bundle's decision of what a user may do now, if it is installed
 * @param translations the installed metrics' texts in any language now, if an engine provides them
 * @param pluginManager the plugin manager now, if its bundle is installed
 * @param connectorConfigs the per-job configuration of connectors now, if it is installed
 */
record Services(ServerHome home, JobRegistry jobs, RunStore store, RunQueue queue, JobScheduler scheduler, JobFiles files,
        Supplier<Optional<ReportEngine>> engine, Supplier<List<BundleRow>> bundles, Supplier<List<PluginHealth.Problem>> problems,
        String version, Supplier<Optional<Deliveries>> deliveries, Supplier<Optional<Authorization>> authorization,
        Supplier<Optional<Translations>> translations, Supplier<Optional<PluginManager>> pluginManager,
        Supplier<Optional<ConnectorConfigurations>> connectorConfigs) {

    /** Services without the optional ones that follow delivery; add them with the {@code with...} methods. */
    Services(ServerHome home, JobRegistry jobs, RunStore store, RunQueue queue, JobScheduler scheduler, JobFiles files,
            Supplier<Optional<ReportEngine>> engine, Supplier<List<BundleRow>> bundles,
            Supplier<List<PluginHealth.Problem>> problems, String version, Supplier<Optional<Deliveries>> deliveries) {
        this(home, jobs, store, queue, scheduler, files, engine, bundles, problems, version, deliveries, Optional::empty,
                Optional::empty, Optional::empty, Optional::empty);
    }

    /** @return these services with the security bundle's decisions */
    Services withAuthorization(Supplier<Optional<Authorization>> authorization) {
        return new Services(home, jobs, store, queue, scheduler, files, engine, bundles, problems, version, deliveries,
                authorization, translations, pluginManager, connectorConfigs);
    }

    /** @return these services with the installed metrics' translations */
    Services withTranslations(Supplier<Optional<Translations>> translations) {
        return new Services(home, jobs, store, queue, scheduler, files, engine, bundles, problems, version, deliveries,
                authorization, translations, pluginManager, connectorConfigs);
    }

    /** @return these services with the plugin manager */
    Services withPluginManager(Supplier<Optional<PluginManager>> pluginManager) {
        return new Services(home, jobs, store, queue, scheduler, files, engine, bundles, problems, version, deliveries,
                authorization, translations, pluginManager, connectorConfigs);
    }

    /** @return these services with the per-job connector configuration */
    Services withConnectorConfigs(Supplier<Optional<ConnectorConfigurations>> connectorConfigs) {
        return new Services(home, jobs, store, queue, scheduler, files, engine, bundles, problems, version, deliveries,
                authorization, translations, pluginManager, connectorConfigs);
    }

    /** Services without delivery. */
    Services(ServerHome home, JobRegistry jobs, RunStore store, RunQueue queue, JobScheduler scheduler, JobFiles files,
            Supplier<Optional<ReportEngine>> engine, Supplier<List<BundleRow>> bundles,
            Supplier<List<PluginHealth.Problem>> problems, String version) {
        this(home, jobs, store, queue, scheduler, files, engine, bundles, problems, version, Optional::empty);
    }

    /**
     * One bundle as the plugins page lists it.
     *
     * @param problem why it is not working as far as the framework tells (unresolved requirements), or null
     */
    record BundleRow(long id, String name, String version, String state, String location, String problem) {
    }

    /**
     * What a kept page that names plugins or their texts depends on: the engine and its translations now, and the
     * engine's count of plugin changes ({@link ReportEngine#changes()}), or its plugins when it cannot count.
     * Compared with {@code equals}; read it before the plugins.
     */
    Object pluginsKey() {
        Translations texts = translations.get().orElse(null);
        ReportEngine now = engine.get().orElse(null);
        long count = now == null ? 0 : now.changes();
        return java.util.Arrays.asList(texts, now, count >= 0 ? (Object) count : now.plugins());
    }

    /** @return the connectors, metrics and renderers installed now */
    List<PluginInfo> plugins() {
        return engine.get().map(ReportEngine::plugins).orElse(List.of());
    }

    /** @return every setting the engine and the installed plugins declare */
    Supplier<List<SettingDescriptor>> settings() {
        return () -> engine.get().map(ReportEngine::settings).orElse(List.of());
    }

    /** @return the ids of the installed connectors */
    Supplier<List<String>> connectors() {
        return () -> {
            java.util.Set<String> ids = new java.util.TreeSet<>(
                    plugins().stream().filter(p -> p.kind().equals("connector")).map(PluginInfo::id).toList());
            // a connector configured per job has no instance before its first job's configuration
            connectorConfigs.get().ifPresent(c -> ids.addAll(c.connectors()));
            return List.copyOf(ids);
        };
    }

    /** @return the engine's check of a job's connector and settings (none while no engine is installed) */
    java.util.function.Consumer<JobSpec> check() {
        return spec -> engine.get().ifPresent(e -> e.check(spec));
    }
}
