package io.klarsyn.api.result;

import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Monthly values, one or more series over the same months: a trend chart (e.g. churn over 24
 * months, with the year before overlaid as a second series).
 *
 * @param id stable id
 * @param titleKey message key of the title
 * @param unit unit of the values
 * @param months the x axis, ascending
 * @param series the lines; each has one value per month ({@code NaN} = no value)
 * @param facts further values
 */
public record TimeSeries(String id, String titleKey, Unit unit, List<YearMonth> months,
        List<Series> series, Map<String, Object> facts) implements MetricResult {

    public TimeSeries {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(unit, "unit");
        titleKey = titleKey == null ? id : titleKey;
        months = List.copyOf(months);
        series = List.copyOf(series);
        for (Series s : series) {
            if (s.values().length != months.size()) {
                throw new IllegalArgumentException(id + ": series " + s.nameKey() + " has "
                        + s.values().length + " values for " + months.size() + " months");
            }
        }
        facts = Facts.copy(facts);
    }

    /**
     * One line.
     *
     * @param nameKey message key (or literal) of the legend entry
     * @param values one per month, {@code NaN} = none
     * @param lower lower confidence bound per month, or {@code null} for no band
     * @param upper upper confidence bound per month, or {@code null}
     */
    public record Series(String nameKey, double[] values, double[] lower, double[] upper) {
        public Series {
            Objects.requireNonNull(nameKey, "nameKey");
            Objects.requireNonNull(values, "values");
        }

        /** @return a series without a band */
        public static Series of(String nameKey, double[] values) {
            return new Series(nameKey, values, null, null);
        }
    }
}
