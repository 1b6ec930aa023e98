package io.klarsyn.api.result;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A grid of values drawn as a heatmap: cohort retention (acquisition month × months since
 * acquisition).
 *
 * @param id stable id
 * @param titleKey message key of the title
 * @param rowLabels row labels (data or message keys)
 * @param columnLabels column labels
 * @param values {@code [row][column]}; {@code NaN} = empty cell
 * @param unit unit of the values
 * @param facts further values
 */
public record Matrix(String id, String titleKey, List<String> rowLabels, List<String> columnLabels,
        double[][] values, Unit unit, Map<String, Object> facts) implements MetricResult {

    public Matrix {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(unit, "unit");
        titleKey = titleKey == null ? id : titleKey;
        rowLabels = List.copyOf(rowLabels);
        columnLabels = List.copyOf(columnLabels);
        if (values.length != rowLabels.size()) {
            throw new IllegalArgumentException(id + ": " + values.length + " rows for " + rowLabels.size() + " labels");
        }
        for (double[] row : values) {
            if (row.length != columnLabels.size()) {
                throw new IllegalArgumentException(id + ": a row has " + row.length + " columns for "
                        + columnLabels.size() + " labels");
            }
        }
        facts = Facts.copy(facts);
    }
}
