package io.klarsyn.api.result;

import java.util.Map;

/**
 * One typed result of a metric. The renderer lays out every permitted type without knowing the
 * metric, and the engine writes it to metrics.json under {@link #id()} as an object with a
 * {@code type} field, the type's fields, and the {@link #facts()} merged in.
 *
 * <p><b>Texts.</b> Fields named {@code ...Key} are message keys, looked up in the metric's
 * {@link io.klarsyn.api.metric.MetricCalculator#messages resource bundle}; a key without a text
 * is shown as it is, so data labels (segment names) can be passed directly.
 *
 * <p><b>Missing numbers.</b> {@code Double} fields are {@code null} when a value is undefined (e.g.
 * a rate with no customers); {@code double[]} entries are {@code NaN}. Never return a made-up 0.
 *
 * <p>All implementations are immutable records.
 */
public sealed interface MetricResult permits Kpi, TimeSeries, Curve, Categories, Table, Distribution,
        Matrix, Scatter, Note, Highlight {

    /** @return the stable id, e.g. {@code churn.monthly.rate}; unique within a run */
    String id();

    /** @return message key of the result's title */
    String titleKey();

    /**
     * @return further named values (numbers, strings, booleans, lists, maps of those) that belong
     *         to the result, e.g. {@code lost} and {@code activeAtStart} of a churn rate. Written to
     *         metrics.json beside the typed fields; shown in the PDF where the type has room. Never
     *         {@code null}; iteration order is preserved.
     */
    Map<String, Object> facts();
}
