package io.klarsyn.api.result;

import java.util.Map;
import java.util.Objects;

/**
 * A histogram: counts in bins, e.g. predicted CLV per customer.
 *
 * @param id stable id
 * @param titleKey message key of the title
 * @param unit unit of the binned values
 * @param edges bin edges, ascending, {@code counts.length + 1} of them; bin k is [edges[k], edges[k+1])
 * @param counts count per bin
 * @param facts further values (mean, median, quantiles)
 */
public record Distribution(String id, String titleKey, Unit unit, double[] edges, long[] counts,
        Map<String, Object> facts) implements MetricResult {

    public Distribution {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(unit, "unit");
        titleKey = titleKey == null ? id : titleKey;
        if (edges.length != counts.length + 1) {
            throw new IllegalArgumentException(id + ": need counts.length + 1 edges");
        }
        facts = Facts.copy(facts);
    }
}
