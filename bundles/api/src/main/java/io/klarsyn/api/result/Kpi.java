package io.klarsyn.api.result;

import java.util.Map;
import java.util.Objects;

/**
 * A key figure with its comparisons: e.g. monthly churn 2.1 % (previous month 2.4 %, same month
 * last year 2.0 %). KPIs with the standard ids appear as tiles on the executive summary.
 *
 * @param id stable id, e.g. {@code churn.monthly.rate}
 * @param titleKey message key of the label
 * @param value the value for the period, or {@code null} when undefined
 * @param unit what it measures
 * @param direction which way is good
 * @param previous the value for the previous period, or {@code null}
 * @param lastYear the value for the same period last year, or {@code null}
 * @param facts further values (inputs of the figure, margins of error, significance flags)
 */
public record Kpi(String id, String titleKey, Double value, Unit unit, Direction direction,
        Double previous, Double lastYear, Map<String, Object> facts) implements MetricResult {

    public Kpi {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(direction, "direction");
        titleKey = titleKey == null ? id : titleKey;
        facts = Facts.copy(facts);
    }

    /** @return a KPI without comparisons or facts; the title key is the id */
    public static Kpi of(String id, Double value, Unit unit, Direction direction) {
        return new Kpi(id, id, value, unit, direction, null, null, Map.of());
    }
}
