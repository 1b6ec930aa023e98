package io.klarsyn.api.result;

import java.util.Map;
import java.util.Objects;

/**
 * A key figure with its comparisons: e.g. monthly churn 2.1 % (previous month 2.4 %, same month
 * last year 2.0 %).
 *
 * <p><b>Headline figures.</b> A metric makes a KPI a headline figure by giving it a rank
 * ({@link #asHeadline(int)}): the executive summary shows the run's headline KPIs as tiles, by rank
 * and then by section order, and the server keeps them as the run's numbers and the job's trend.
 * Nothing else decides what is a headline: a plugin's KPI is one as soon as it has a rank.
 *
 * @param id stable id, e.g. {@code churn.monthly.rate}
 * @param titleKey message key of the label
 * @param value the value for the period, or {@code null} when undefined
 * @param unit what it measures
 * @param direction which way is good
 * @param previous the value for the previous period, or {@code null}
 * @param lastYear the value for the same period last year, or {@code null}
 * @param facts further values (inputs of the figure, margins of error, significance flags)
 * @param headline its rank among the report's headline figures (1 first; the shipped metrics use
 *        10–70, so a plugin can place its figure between or after them), or {@code null} when it
 *        is not a headline figure
 */
public record Kpi(String id, String titleKey, Double value, Unit unit, Direction direction,
        Double previous, Double lastYear, Map<String, Object> facts, Integer headline) implements MetricResult {

    public Kpi {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(direction, "direction");
        titleKey = titleKey == null ? id : titleKey;
        facts = Facts.copy(facts);
        if (headline != null && headline < 1) {
            throw new IllegalArgumentException("headline rank of " + id + " must be 1 or more: " + headline);
        }
    }

    /** A KPI that is not a headline figure. */
    public Kpi(String id, String titleKey, Double value, Unit unit, Direction direction,
            Double previous, Double lastYear, Map<String, Object> facts) {
        this(id, titleKey, value, unit, direction, previous, lastYear, facts, null);
    }

    /** @return a KPI without comparisons or facts; the title key is the id */
    public static Kpi of(String id, Double value, Unit unit, Direction direction) {
        return new Kpi(id, id, value, unit, direction, null, null, Map.of());
    }

    /**
     * @param rank its rank among the headline figures, 1 or more
     * @return this KPI as a headline figure of that rank
     */
    public Kpi asHeadline(int rank) {
        return new Kpi(id, titleKey, value, unit, direction, previous, lastYear, facts, rank);
    }

    /** @return whether it is a headline figure */
    public boolean isHeadline() {
        return headline != null;
    }
}
