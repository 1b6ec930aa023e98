package io.klarsyn.api.result;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Values per category: bars by segment, stacked shares (detractors / passives / promoters by
 * month), paired bars (what the company believes vs what customers rate).
 *
 * @param id stable id
 * @param titleKey message key of the title
 * @param unit unit of the values
 * @param categories category labels (data, e.g. segment names, or message keys), in display order
 * @param series one or more value series, each with one value per category
 * @param stacked whether series stack (shares adding up) rather than stand side by side
 * @param facts further values
 */
public record Categories(String id, String titleKey, Unit unit, List<String> categories,
        List<Series> series, boolean stacked, Map<String, Object> facts) implements MetricResult {

    public Categories {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(unit, "unit");
        titleKey = titleKey == null ? id : titleKey;
        categories = List.copyOf(categories);
        series = List.copyOf(series);
        for (Series s : series) {
            if (s.values().length != categories.size()) {
                throw new IllegalArgumentException(id + ": series " + s.nameKey() + " has "
                        + s.values().length + " values for " + categories.size() + " categories");
            }
        }
        facts = Facts.copy(facts);
    }

    /**
     * @param nameKey message key (or literal) of the legend entry
     * @param values one per category, {@code NaN} = none
     */
    public record Series(String nameKey, double[] values) {
        public Series {
            Objects.requireNonNull(nameKey, "nameKey");
            Objects.requireNonNull(values, "values");
        }
    }
}
