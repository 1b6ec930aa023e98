package io.klarsyn.engine.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.klarsyn.api.connector.DataConnector;
import io.klarsyn.api.metric.MetricCalculator;
import io.klarsyn.api.plugin.PluginDescription;
import io.klarsyn.api.report.ReportRenderer;

/**
 * The plugin services present now. Services come and go on SCR's threads while runs read; every run
 * takes a {@link #snapshot()} and works with that.
 */
final class PluginRegistry {

    /**
     * One service with the bundle that provides it and its description (id, title, version); {@code job} names
     * the job a connector instance is configured for ({@code klarsyn.job}), {@code null} for one that serves all.
     */
    record Entry<T>(T service, String bundle, PluginDescription description, long serviceId, int ranking, String job) {

        Entry(T service, String bundle, PluginDescription description, long serviceId, int ranking) {
            this(service, bundle, description, serviceId, ranking, null);
        }

        String id() {
            return description.id();
        }

        String version() {
            return description.version();
        }
    }

    /** The plugins one run uses. */
    record Snapshot(List<Entry<DataConnector>> connectors, List<Entry<MetricCalculator>> calculators,
            List<Entry<ReportRenderer>> renderers) {
    }

    private static final Comparator<Entry<?>> BY_RANK = Comparator.<Entry<?>>comparingInt(e -> -e.ranking())
            .thenComparingLong(Entry::serviceId);

    private final List<Entry<DataConnector>> connectors = new CopyOnWriteArrayList<>();
    private final List<Entry<MetricCalculator>> calculators = new CopyOnWriteArrayList<>();
    private final List<Entry<ReportRenderer>> renderers = new CopyOnWriteArrayList<>();

    void addConnector(Entry<DataConnector> e) {
        connectors.add(e);
    }

    void removeConnector(DataConnector s) {
        connectors.removeIf(e -> e.service() == s);
    }

    void addCalculator(Entry<MetricCalculator> e) {
        calculators.add(e);
    }

    void removeCalculator(MetricCalculator s) {
        calculators.removeIf(e -> e.service() == s);
    }

    void addRenderer(Entry<ReportRenderer> e) {
        renderers.add(e);
    }

    void removeRenderer(ReportRenderer s) {
        renderers.removeIf(e -> e.service() == s);
    }

    Snapshot snapshot() {
        return new Snapshot(sorted(connectors), sorted(calculators), sorted(renderers));
    }

    private static <T> List<Entry<T>> sorted(List<Entry<T>> list) {
        List<Entry<T>> copy = new ArrayList<>(list);
        copy.sort(BY_RANK);
        return List.copyOf(copy);
    }
}
