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
    /** Grows after each plugin that comes or goes ({@link #changes()}). */
    private final java.util.concurrent.atomic.AtomicLong changes = new java.util.concurrent.atomic.AtomicLong();

    void addConnector(Entry<DataConnector> e) {
        connectors.add(e);
        changes.incrementAndGet();
    }

    void removeConnector(DataConnector s) {
        if (connectors.removeIf(e -> e.service() == s)) {
            changes.incrementAndGet();
        }
    }

    void addCalculator(Entry<MetricCalculator> e) {
        calculators.add(e);
        changes.incrementAndGet();
    }

    void removeCalculator(MetricCalculator s) {
        if (calculators.removeIf(e -> e.service() == s)) {
            changes.incrementAndGet();
        }
    }

    void addRenderer(Entry<ReportRenderer> e) {
        renderers.add(e);
        changes.incrementAndGet();
    }

    void removeRenderer(ReportRenderer s) {
        if (renderers.removeIf(e -> e.service() == s)) {
            changes.incrementAndGet();
        }
    }

    /**
     * @return how many times a plugin came or went: counted after the change, so a {@link #snapshot()} taken
     *         after reading the count has at least the changes it counts
     */
    long changes() {
        return changes.get();
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
